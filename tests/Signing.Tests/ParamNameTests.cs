namespace Signing.Tests;

/// <summary>Every ArgumentException names a parameter of the method that was called (issue 11, item 8).</summary>
public class ParamNameTests
{
    private static readonly AwsCredentials Creds = new("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");
    private static readonly DateTimeOffset Time = new(2026, 12, 3, 12, 0, 0, TimeSpan.Zero);
    private static readonly Uri Url = new("https://h.example/k");

    private static HttpRequestView View(string method = "GET", string path = "/k", string query = "", string header = "v") =>
        new(method, path, query, new HttpHeader[] { new("Host", "h.example"), new("X-A", header) });

    public static TheoryData<string, string> Cases => new()
    {
        { "v4.Sign bad method", "request" },
        { "v4.Sign bad path", "request" },
        { "v4.Sign bad query", "request" },
        { "v4.Sign bad header", "request" },
        { "v4.TryComputeSignature bad header", "request" },
        { "v4.PresignTarget bad path", "request" },
        { "v4.Explain bad query", "request" },
        { "v4.Presign bad method", "method" },
        { "v4.Presign bad header", "headers" },
        { "v2.Sign bad path", "request" },
        { "v2.PresignTarget bad header", "request" },
        { "v2.Presign bad method", "method" },
        { "v2.Presign bad header", "headers" },
        { "chunk.SignChunk short destination", "signature" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Signers_BadInput_ParamNameIsAParameterOfTheCall(string call, string parameter)
    {
        var v4 = new SigV4Signer(Creds, "us-east-1", "s3");
        var v2 = new SigV2Signer(Creds);
        HttpHeader[] badHeader = [new("X-A", "a\r\nX-B: b")];
        Action act = call switch
        {
            "v4.Sign bad method" => () => v4.Sign(View(method: "G T"), Time),
            "v4.Sign bad path" => () => v4.Sign(View(path: "/a%zz"), Time),
            "v4.Sign bad query" => () => v4.Sign(View(query: "a=%4"), Time),
            "v4.Sign bad header" => () => v4.Sign(View(header: "a\r\nX-B: b"), Time),
            "v4.TryComputeSignature bad header" => () => v4.TryComputeSignature(View(header: "a\nb"), Time, new char[64], out _),
            "v4.PresignTarget bad path" => () => v4.PresignTarget(View(path: "k"), TimeSpan.FromMinutes(5), Time),
            "v4.Explain bad query" => () => v4.Explain(View(query: "a=%zz"), Time),
            "v4.Presign bad method" => () => v4.Presign("G T", Url, TimeSpan.FromMinutes(5)),
            "v4.Presign bad header" => () => v4.Presign("PUT", Url, TimeSpan.FromMinutes(5), badHeader),
            "v2.Sign bad path" => () => v2.Sign(View(path: "/a%zz"), Time),
            "v2.PresignTarget bad header" => () => v2.PresignTarget(View(header: "a\r\nb"), TimeSpan.FromMinutes(5), Time),
            "v2.Presign bad method" => () => v2.Presign("G T", Url, TimeSpan.FromMinutes(5)),
            "v2.Presign bad header" => () => v2.Presign("PUT", Url, TimeSpan.FromMinutes(5), badHeader),
            "chunk.SignChunk short destination" => () => v4.CreateChunkSigner(new string('0', 64), Time).SignChunk([1], new byte[10]),
            _ => throw new ArgumentOutOfRangeException(nameof(call)),
        };

        var e = Assert.ThrowsAny<ArgumentException>(act);
        Assert.Equal(parameter, e.ParamName);
    }
}
