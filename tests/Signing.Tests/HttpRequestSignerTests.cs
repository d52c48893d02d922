using System.Security.Cryptography;
using Signing.Checksums;
using Signing.Tests.Streaming;

namespace Signing.Tests;

/// <summary>The one public request signer: what it signs, what it puts on the message, and how it fails.</summary>
public class HttpRequestSignerTests
{
    private static readonly AwsCredentials Creds = new("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");
    private static readonly DateTimeOffset Time = new(2026, 12, 3, 12, 0, 0, TimeSpan.Zero);

    private static SigV4Signer V4(string service = "s3") => new(Creds, "us-east-1", service, keyCache: new SigningKeyCache());

    private static string Hex(ReadOnlySpan<byte> body) => Convert.ToHexString(SHA256.HashData(body)).ToLowerInvariant();

    [Fact]
    public async Task HttpRequestSigner_SignAsync_SignsAsTheSpanSignerDoesAndAppliesTheHeaders()
    {
        var v4 = V4();
        using var request = new HttpRequestMessage(HttpMethod.Put, "https://bucket.s3.amazonaws.com/a%20b?acl") { Content = new ByteArrayContent("hello"u8.ToArray()) };
        request.Content.Headers.ContentType = new("text/plain");
        request.Headers.TryAddWithoutValidation("x-amz-meta-note", "n");

        var signed = await new HttpRequestSigner(v4).SignAsync(request, Payload.HashBody, Time);

        HttpHeader[] expectedHeaders =
        [
            new("x-amz-meta-note", "n"), new("x-amz-content-sha256", Hex("hello"u8)), new("Content-Type", "text/plain"), new("Content-Length", "5"),
        ];
        var expected = v4.Sign(new HttpRequestView("PUT", "/a%20b", "acl", expectedHeaders) { Host = "bucket.s3.amazonaws.com", PayloadHash = Hex("hello"u8) }, Time);
        Assert.Equal(expected.Authorization, signed.Authorization);
        Assert.Equal(signed.Authorization, Assert.Single(request.Headers.GetValues("Authorization")));
        Assert.Equal("20261203T120000Z", Assert.Single(request.Headers.GetValues("X-Amz-Date")));
        Assert.Equal(Hex("hello"u8), Assert.Single(request.Headers.GetValues("x-amz-content-sha256")));
        Assert.Equal(SignatureVersion.SigV4, signed.Version);
        Assert.Equal(signed.Signature, signed.Explain().Signature);
    }

    [Fact]
    public async Task HttpRequestSigner_SignAsync_AgainReplacesTheSignature()
    {
        var v4 = V4();
        var signer = new HttpRequestSigner(v4);
        using var request = new HttpRequestMessage(HttpMethod.Get, "https://h.example/k");
        var first = await signer.SignAsync(request, null, Time);
        var second = await signer.SignAsync(request, null, Time.AddMinutes(1));
        Assert.NotEqual(first.Signature, second.Signature);
        Assert.Equal(second.Authorization, Assert.Single(request.Headers.GetValues("Authorization")));
        Assert.Equal("20261203T120100Z", Assert.Single(request.Headers.GetValues("X-Amz-Date")));
        var view = new HttpRequestView("GET", "/k", "", [new("x-amz-content-sha256", Hex([]))]) { Host = "h.example", PayloadHash = Hex([]) };
        Assert.Equal(v4.Sign(view, Time.AddMinutes(1)).Authorization, second.Authorization);
    }

    [Fact]
    public async Task HttpRequestSigner_SignAsync_RotatedCredentialsReplaceTheStaleToken()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "https://h.example/k");
        var old = new AwsCredentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "OLDTOKEN1234567890");
        var rotated = new AwsCredentials("AKIDEXAMPLE2", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKE2", "NEWTOKEN1234567890");
        await new HttpRequestSigner(new SigV4Signer(old, "us-east-1", "s3")).SignAsync(request, null, Time);
        var signed = await new HttpRequestSigner(new SigV4Signer(rotated, "us-east-1", "s3")).SignAsync(request, null, Time);
        Assert.Equal("NEWTOKEN1234567890", Assert.Single(request.Headers.GetValues("X-Amz-Security-Token")));
        Assert.Contains("AKIDEXAMPLE2/", signed.Authorization, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HttpRequestSigner_HashBody_NonSeekableContentIsHashedAndStillSent()
    {
        byte[] body = RandomNumberGenerator.GetBytes(100_000);
        using var request = new HttpRequestMessage(HttpMethod.Put, "http://127.0.0.1/b/k") { Content = new StreamContent(new NonSeekable(body)) };
        await new HttpRequestSigner(V4()).SignAsync(request, Payload.HashBody, Time);
        Assert.Equal(Hex(body), Assert.Single(request.Headers.GetValues("x-amz-content-sha256")));
        Assert.Equal(body, await request.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task HttpRequestSigner_Streaming_OneCallSignsSeedAndEveryChunkOnTheWire()
    {
        await using var server = new LoopbackServer();
        var v4 = V4();
        byte[] body = RandomNumberGenerator.GetBytes((3 * 8192) + 100);
        using var request = new HttpRequestMessage(HttpMethod.Put, new Uri(server.BaseUri, "/bucket/streamed")) { Content = new StreamContent(new MemoryStream(body)) };
        request.Content.Headers.ContentType = new("application/octet-stream");

        var seed = await new HttpRequestSigner(v4).SignAsync(request, Payload.Streaming(ChecksumAlgorithm.Crc32C, 8192));
        using var http = new HttpClient();
        using var response = await http.SendAsync(request);

        var raw = Assert.Single(server.Requests);
        Assert.Equal("STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER", raw.Header("x-amz-content-sha256"));
        Assert.Equal("aws-chunked", raw.Header("Content-Encoding"));
        Assert.Equal("application/octet-stream", raw.Header("Content-Type"));
        Assert.Equal(body.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), raw.Header("x-amz-decoded-content-length"));
        Assert.Equal(raw.Recompute(v4), seed.Signature);
        var (decoded, trailers) = ChunkedDecoder.Decode(raw.Body, v4.CreateChunkSigner(seed.Signature, seed.Timestamp));
        Assert.Equal(body, decoded);
        Assert.Equal(PayloadChecksum.ComputeBase64(ChecksumAlgorithm.Crc32C, body), Assert.Single(trailers).Value);
    }

    [Fact]
    public async Task HttpRequestSigner_Streaming_EmptyBodySignsTheEmptyHash()
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, "http://127.0.0.1/b/k") { Content = new ByteArrayContent([]) };
        await new HttpRequestSigner(V4()).SignAsync(request, Payload.Streaming(), Time);
        Assert.IsType<ByteArrayContent>(request.Content);
        Assert.Equal(Hex([]), Assert.Single(request.Headers.GetValues("x-amz-content-sha256")));
    }

    [Fact]
    public async Task HttpRequestSigner_SigV2_SignsTheBucketTheHostNames()
    {
        var v2 = new SigV2Signer(Creds);
        var signer = new HttpRequestSigner(v2, HttpRequestSigner.VirtualHostBucket("s3.example.com"));
        using var request = new HttpRequestMessage(HttpMethod.Get, "https://photos.s3.example.com/cat.jpg");
        var signed = await signer.SignAsync(request, null, Time);
        var expected = v2.Sign(new HttpRequestView("GET", "/cat.jpg", "", []), Time, "photos");
        Assert.Equal(expected.Authorization, signed.Authorization);
        Assert.Equal(SignatureVersion.SigV2, signed.Version);
        Assert.Contains("/photos/cat.jpg", signed.Explain().StringToSign, StringComparison.Ordinal);
        Assert.Null(HttpRequestSigner.VirtualHostBucket("s3.example.com")("s3.example.com"));
        Assert.Null(HttpRequestSigner.VirtualHostBucket("s3.example.com")("evil-s3.example.com"));
    }

    [Fact]
    public async Task HttpRequestSigner_BadInput_NamesTheParameter()
    {
        var v4 = new HttpRequestSigner(V4());
        var v2 = new HttpRequestSigner(new SigV2Signer(Creds));
        using var relative = new HttpRequestMessage(HttpMethod.Get, new Uri("/k", UriKind.Relative));
        Assert.Equal("request", (await Assert.ThrowsAsync<ArgumentException>(async () => await v4.SignAsync(relative))).ParamName);
        Assert.Equal("request", (await Assert.ThrowsAsync<ArgumentNullException>(async () => await v4.SignAsync(null!))).ParamName);
        using var put = new HttpRequestMessage(HttpMethod.Put, "https://h/k") { Content = new ByteArrayContent([1]) };
        var e = await Assert.ThrowsAsync<ArgumentException>(async () => await v2.SignAsync(put, Payload.Streaming()));
        Assert.Equal("payload", e.ParamName);
        Assert.Contains("SigV2", e.Message, StringComparison.Ordinal);
        Assert.False(put.Headers.Contains("Authorization"));
        Assert.Equal("hexHash", Assert.Throws<ArgumentException>(() => Payload.Sha256("xyz")).ParamName);
        Assert.Equal("chunkSize", Assert.Throws<ArgumentOutOfRangeException>(() => Payload.StreamingUnsigned(ChecksumAlgorithm.Crc32, 100)).ParamName);
    }

    [Fact]
    public void SignedRequest_Explain_FromTheSpanSignerSaysWhatToCall()
    {
        var signed = V4().Sign(new HttpRequestView("GET", "/", "", [new("Host", "h")]), Time);
        var e = Assert.Throws<InvalidOperationException>(signed.Explain);
        Assert.Contains("Explain", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Payload_Sha256_TakesEitherCaseAndSignsLowerCase()
    {
        string upper = Hex("x"u8).ToUpperInvariant();
        Assert.Equal(Hex("x"u8), Payload.Sha256(upper).Hash);
        Assert.Same(Payload.Empty, Payload.Sha256(Hex([])));
        Assert.Equal(Hex("abc"u8), Payload.Sha256Of("abc"u8).Hash);
        Assert.Null(Payload.HashBody.Hash);
        Assert.Equal("UNSIGNED-PAYLOAD", Payload.Unsigned.Hash);
        Assert.Equal("STREAMING-UNSIGNED-PAYLOAD-TRAILER", Payload.StreamingUnsigned(ChecksumAlgorithm.Crc32C).Hash);
    }

    private sealed class NonSeekable(byte[] data) : MemoryStream(data)
    {
        public override bool CanSeek => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }
    }
}
