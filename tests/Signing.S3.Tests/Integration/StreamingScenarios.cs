using System.Net;

namespace Signing.S3.Tests.Integration;

/// <summary>aws-chunked uploads (STREAMING-AWS4-HMAC-SHA256-PAYLOAD): every chunk signed, stored byte-exact.</summary>
public static class StreamingScenarios
{
    public static async Task StoredByteExactAsync(string server, S3Addressing addressing)
    {
        var mode = new S3Mode(S3SigningPolicy.SigV4, addressing);
        await using var h = await S3Harness.CreateAsync(server, mode, o => o with { Payload = Payload.Streaming() });
        var c = h.Client;
        foreach (int size in new[] { 1, 65536, 65537, (3 * 65536) + 17, 1_000_000 })
        {
            byte[] data = S3Harness.RandomBytes(size);
            string key = $"chunked/{size} bytes";
            await c.PutObjectAsync(h.Bucket, key, data, new PutObjectOptions { ContentType = "application/x-chunked", Metadata = new Dictionary<string, string> { ["size"] = size.ToString(System.Globalization.CultureInfo.InvariantCulture) } });
            Assert.Equal(S3Harness.Sha256(data), S3Harness.Sha256(await c.GetObjectBytesAsync(h.Bucket, key)));
            var head = await c.HeadObjectAsync(h.Bucket, key);
            Assert.Equal(size, head.ContentLength);
            Assert.Equal("application/x-chunked", head.ContentType);
            // RGW 16 keeps "aws-chunked" as the stored Content-Encoding, where S3 strips it; the bytes are exact.
        }

        // Parts of a multipart upload go aws-chunked too.
        byte[] big = S3Harness.RandomBytes((5 * 1024 * 1024) + 100);
        string id = await c.CreateMultipartUploadAsync(h.Bucket, "chunked-parts");
        var p1 = await c.UploadPartAsync(h.Bucket, "chunked-parts", id, 1, big.AsMemory(0, 5 * 1024 * 1024));
        var p2 = await c.UploadPartAsync(h.Bucket, "chunked-parts", id, 2, big.AsMemory(5 * 1024 * 1024));
        await c.CompleteMultipartUploadAsync(h.Bucket, "chunked-parts", id, [p1, p2]);
        Assert.Equal(S3Harness.Sha256(big), S3Harness.Sha256(await c.GetObjectBytesAsync(h.Bucket, "chunked-parts")));
    }

    /// <summary>One flipped data byte in the first chunk breaks that chunk's signature: the upload is refused and nothing is stored.</summary>
    public static async Task TamperedChunkRejectedAsync(string server, S3Addressing addressing)
    {
        var mode = new S3Mode(S3SigningPolicy.SigV4, addressing);
        await using var h = await S3Harness.CreateAsync(server, mode);
        var endpoint = addressing == S3Addressing.VirtualHost ? new UriBuilder(h.Server.Endpoint) { Host = "localhost" }.Uri : h.Server.Endpoint;
        // The first chunk's header line is "10000;chunk-signature=<64 hex>\r\n" (88 bytes): flip a data byte after it.
        var tampering = new InjectingHandler { TamperChunked = body => body[100] ^= 0x01 };
        using var c = new S3Client(new S3ClientOptions
        {
            Endpoint = endpoint,
            Credentials = new AwsCredentials(h.Server.AccessKey, h.Server.SecretKey),
            Addressing = addressing,
            Payload = Payload.Streaming(),
            MaxAttempts = 1,
        }, tampering);
        var e = await Assert.ThrowsAsync<S3Exception>(() => c.PutObjectAsync(h.Bucket, "tampered", S3Harness.RandomBytes(200_000)));
        Assert.Equal(HttpStatusCode.Forbidden, e.StatusCode);
        Assert.Equal("SignatureDoesNotMatch", e.Code);
        var missing = await Assert.ThrowsAsync<S3Exception>(() => h.Client.HeadObjectAsync(h.Bucket, "tampered"));
        Assert.Equal("NoSuchKey", missing.Code);
    }

    /// <summary>Swift's s3api does not implement aws-chunked uploads: 501 NotImplemented, reported as such.</summary>
    public static async Task NotImplementedAsync(string server, S3Addressing addressing)
    {
        var mode = new S3Mode(S3SigningPolicy.SigV4, addressing);
        await using var h = await S3Harness.CreateAsync(server, mode, o => o with { Payload = Payload.Streaming() });
        var e = await Assert.ThrowsAsync<S3Exception>(() => h.Client.PutObjectAsync(h.Bucket, "chunked", S3Harness.RandomBytes(100_000)));
        Assert.Equal(HttpStatusCode.NotImplemented, e.StatusCode);
        Assert.Equal("NotImplemented", e.Code);
    }
}
