using System.Text;

namespace Signing.Tests;

public class AwsSigningHandlerTests
{
    private static readonly AwsCredentials Creds = new("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");

    public static TheoryData<string, bool, string> Paths => new()
    {
        // key as written, whether the Uri disables canonicalization, the request-target expected on the wire
        { "/bucket/plain.txt", false, "/bucket/plain.txt" },
        { "/bucket/a b+c~é", false, "/bucket/a%20b+c~%C3%A9" },
        { "/bucket/a/../b", false, "/bucket/b" },
        { "/bucket/a/../b//c", true, "/bucket/a/../b//c" },
        { "/bucket/%25%2B%3D%26?list-type=2&prefix=a%20b", true, "/bucket/%25%2B%3D%26?list-type=2&prefix=a%20b" },
        { "/bucket/x?acl", false, "/bucket/x?acl" },
    };

    [Theory]
    [MemberData(nameof(Paths))]
    public async Task AwsSigningHandler_SendAsync_SignsWhatGoesOnTheWire(string pathAndQuery, bool asIs, string expectedTarget)
    {
        await using var server = new LoopbackServer();
        var signer = new SigV4Signer(Creds, "us-east-1", "s3", keyCache: new SigningKeyCache());
        using var client = new HttpClient(new AwsSigningHandler(signer) { InnerHandler = new SocketsHttpHandler() });
        var uri = asIs
            ? new Uri(server.BaseUri + pathAndQuery.TrimStart('/'), new UriCreationOptions { DangerousDisablePathAndQueryCanonicalization = true })
            : new Uri(server.BaseUri, pathAndQuery);
        using var request = new HttpRequestMessage(HttpMethod.Put, uri) { Content = new StringContent("hello", Encoding.UTF8, "text/plain") };
        request.Headers.Add("x-amz-meta-note", "two  spaces");
        using var response = await client.SendAsync(request);

        var raw = Assert.Single(server.Requests);
        Assert.Equal(expectedTarget, raw.Target);
        Assert.Equal(raw.Recompute(signer), raw.Header("Authorization").Split("Signature=")[1]);
        Assert.Contains("content-type", raw.Header("Authorization"), StringComparison.Ordinal);
        Assert.Equal(Convert.ToHexString(System.Security.Cryptography.SHA256.HashData("hello"u8)).ToLowerInvariant(), raw.Header("x-amz-content-sha256"));
        Assert.Equal("hello", Encoding.UTF8.GetString(raw.Body));
    }

    [Fact]
    public async Task AwsSigningHandler_UnsignedPayload_SignsUnsignedPayloadAndNonS3Rules()
    {
        await using var server = new LoopbackServer();
        var signer = new SigV4Signer(Creds, "us-east-1", "execute-api", keyCache: new SigningKeyCache());
        using var client = new HttpClient(new AwsSigningHandler(signer, Payload.Unsigned) { InnerHandler = new SocketsHttpHandler() });
        client.DefaultRequestHeaders.UserAgent.ParseAdd("test/1.0");
        using var response = await client.PostAsync(new Uri(server.BaseUri, "/stage/a%20b/./c?z=1&a=2"), new ByteArrayContent([1, 2, 3]));
        var raw = Assert.Single(server.Requests);
        Assert.DoesNotContain("user-agent", raw.Header("Authorization"), StringComparison.Ordinal);
        Assert.DoesNotContain(raw.Headers, h => h.Name.Equals("x-amz-content-sha256", StringComparison.OrdinalIgnoreCase));

        // Non-S3 services do not send the payload hash: a verifier needs the one the handler signed.
        var time = DateTimeOffset.ParseExact(raw.Header("X-Amz-Date"), "yyyyMMdd'T'HHmmss'Z'", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal);
        string[] signedNames = raw.Header("Authorization").Split("SignedHeaders=")[1].Split(',')[0].Split(';');
        var view = new HttpRequestView(raw.Method, raw.Target.Split('?')[0], raw.Target.Split('?')[1], [.. raw.Headers.Where(h => signedNames.Contains(h.Name.ToLowerInvariant()))]) { PayloadHash = "UNSIGNED-PAYLOAD" };
        Assert.Equal(signer.Explain(view, time).Signature, raw.Header("Authorization").Split("Signature=")[1]);
    }
}
