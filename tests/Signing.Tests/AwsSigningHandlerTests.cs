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

/// <summary>The handler with a request signer of another algorithm: SigV4a and SigV2 (before, it took only a SigV4 signer).</summary>
public class AwsSigningHandlerAlgorithmTests
{
    private static readonly AwsCredentials Creds = new("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");
    private static readonly DateTimeOffset Time = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);

    private sealed class FixedClock : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => Time;
    }

    /// <summary>Answers 200 and keeps the request as it reached the wire.</summary>
    private sealed class Capture : HttpMessageHandler
    {
        public HttpRequestMessage? Request { get; private set; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Request = request;
            return Task.FromResult(new HttpResponseMessage(System.Net.HttpStatusCode.OK) { RequestMessage = request });
        }
    }

    private static HttpRequestMessage NewRequest(string url) =>
        new(HttpMethod.Put, url) { Content = new ByteArrayContent("hello"u8.ToArray()) };

    [Fact]
    public async Task AwsSigningHandler_SigV4aRequestSigner_SignsARegionSetSignatureThatVerifies()
    {
        const string url = "https://mfzwi23gnjvgw.mrap.accesspoint.s3-global.amazonaws.com/report.txt";
        var v4a = new SigV4aSigner(Creds, "s3", ["us-east-1", "us-west-2"], keyCache: new SigningKeyCache());
        var capture = new Capture();
        using var client = new HttpClient(new AwsSigningHandler(new HttpRequestSigner(v4a, new FixedClock())) { InnerHandler = capture });
        using var response = await client.SendAsync(NewRequest(url));

        var sent = capture.Request!;
        string authorization = sent.Headers.GetValues("Authorization").Single();
        Assert.StartsWith("AWS4-ECDSA-P256-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20260102/s3/aws4_request", authorization, StringComparison.Ordinal);
        Assert.Equal("us-east-1,us-west-2", sent.Headers.GetValues("X-Amz-Region-Set").Single());

        // The string to sign of the same request at the same time, from the request signer itself.
        using var again = NewRequest(url);
        var reference = await new HttpRequestSigner(v4a, new FixedClock()).SignAsync(again, Payload.HashBody, Time);
        using var key = SigV4aSigningKey.Create(Creds);
        Assert.True(Signing.Tests.Vectors.SigV4aVectorTests.Verify(key.ExportPublicKey(), reference.Explain().StringToSign, authorization.Split("Signature=")[1]));
    }

    [Fact]
    public async Task AwsSigningHandler_SigV2RequestSigner_SignsAsTheRequestSignerDoes()
    {
        const string url = "https://ecs.example.com/bucket/key.txt";
        var v2 = new SigV2Signer(Creds);
        var capture = new Capture();
        using var client = new HttpClient(new AwsSigningHandler(new HttpRequestSigner(v2, clock: new FixedClock())) { InnerHandler = capture });
        using var response = await client.SendAsync(NewRequest(url));

        using var again = NewRequest(url);
        await new HttpRequestSigner(v2, clock: new FixedClock()).SignAsync(again, Payload.HashBody, Time);
        Assert.StartsWith("AWS AKIAIOSFODNN7EXAMPLE:", capture.Request!.Headers.Authorization!.ToString(), StringComparison.Ordinal);
        Assert.Equal(again.Headers.Authorization!.ToString(), capture.Request.Headers.Authorization!.ToString());
        Assert.Null(new AwsSigningHandler(new HttpRequestSigner(v2)).Signer);
    }

    [Fact]
    public void AwsSigningHandler_NullRequestSigner_NamesIt() =>
        Assert.Equal("signer", Assert.Throws<ArgumentNullException>(() => new AwsSigningHandler((HttpRequestSigner)null!)).ParamName);
}
