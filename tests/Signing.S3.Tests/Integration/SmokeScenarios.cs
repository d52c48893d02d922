namespace Signing.S3.Tests.Integration;

/// <summary>Scenarios every server runs in every mode: bucket and object basics.</summary>
public static class SmokeScenarios
{
    public static async Task BasicsAsync(string server, S3Mode mode, Payload? payload = null)
    {
        await using var h = await S3Harness.CreateAsync(server, mode, o => o with { Payload = payload ?? Payload.HashBody, AllowUnsignedPayloadOverHttp = true });
        var c = h.Client;
        Assert.Contains(await c.ListBucketsAsync(), b => b.Name == h.Bucket);
        await c.HeadBucketAsync(h.Bucket);
        byte[] data = "hello, world"u8.ToArray();
        var put = await c.PutObjectAsync(h.Bucket, "dir/hello.txt", data, new PutObjectOptions { ContentType = "text/plain", Metadata = new Dictionary<string, string> { ["color"] = "blue" } });
        Assert.False(string.IsNullOrEmpty(put.ETag));
        Assert.Equal(data, await c.GetObjectBytesAsync(h.Bucket, "dir/hello.txt"));
        var head = await c.HeadObjectAsync(h.Bucket, "dir/hello.txt");
        Assert.Equal(data.Length, head.ContentLength);
        Assert.Equal("text/plain", head.ContentType);
        Assert.Equal("blue", head.Metadata["color"]);
        var page = await c.ListObjectsV2Async(h.Bucket, new ListObjectsOptions { Delimiter = "/" });
        Assert.Equal(["dir/"], page.CommonPrefixes);
        await c.DeleteObjectAsync(h.Bucket, "dir/hello.txt");
        var e = await Assert.ThrowsAsync<S3Exception>(() => c.HeadObjectAsync(h.Bucket, "dir/hello.txt"));
        Assert.Equal("NoSuchKey", e.Code);
    }
}
