using System.Net;
using Signing.Checksums;

namespace Signing.S3.Tests.Integration;

/// <summary>Every object and bucket operation, one after the other.</summary>
public static class ObjectScenarios
{
    /// <param name="location">A location constraint the server accepts (RGW: its zonegroup, <c>default</c>; Swift: <c>us-east-1</c>).</param>
    public static async Task BucketOperationsAsync(string server, S3Mode mode, string location)
    {
        var s = TestServers.Get(server);
        using var c = S3Harness.NewClient(s, mode);
        string bucket = $"bk-{Guid.NewGuid():N}"[..24];
        Assert.False(await c.BucketExistsAsync(bucket));
        await c.CreateBucketAsync(bucket, locationConstraint: location);
        Assert.True(await c.BucketExistsAsync(bucket));
        Assert.Contains(await c.ListBucketsAsync(), b => b.Name == bucket);
        var dup = await Assert.ThrowsAsync<S3Exception>(() => c.PutObjectAsync(bucket + "-missing", "k", "x"u8.ToArray()));
        Assert.Equal("NoSuchBucket", dup.Code);
        await c.PutObjectAsync(bucket, "k", "x"u8.ToArray());
        var notEmpty = await Assert.ThrowsAsync<S3Exception>(() => c.DeleteBucketAsync(bucket));
        Assert.Equal("BucketNotEmpty", notEmpty.Code);
        Assert.Equal(HttpStatusCode.Conflict, notEmpty.StatusCode);
        await c.DeleteObjectAsync(bucket, "k");
        await c.DeleteBucketAsync(bucket);
        var gone = await Assert.ThrowsAsync<S3Exception>(() => c.HeadBucketAsync(bucket));
        Assert.Equal("NoSuchBucket", gone.Code);
    }

    public static async Task PutVariantsAsync(string server, S3Mode mode, string tempDir)
    {
        await using var h = await S3Harness.CreateAsync(server, mode);
        var c = h.Client;
        byte[] data = S3Harness.RandomBytes(300_000);

        // From a seekable stream (from its position), a non-seekable stream, and a file.
        using (var ms = new MemoryStream([0, 0, .. data]) { Position = 2 })
        {
            await c.PutObjectAsync(h.Bucket, "from-stream", ms, new PutObjectOptions { ContentMd5 = true });
        }

        await c.PutObjectAsync(h.Bucket, "from-pipe", new NonSeekableStream(data), new PutObjectOptions { Checksum = ChecksumAlgorithm.Crc32 });
        string path = Path.Combine(tempDir, "put.bin");
        await File.WriteAllBytesAsync(path, data);
        await c.PutObjectFromFileAsync(h.Bucket, "from-file", path, new PutObjectOptions
        {
            ContentType = "application/x-test",
            Metadata = new Dictionary<string, string> { ["owner"] = "tests", ["n"] = "1" },
            Headers = new Dictionary<string, string> { ["Cache-Control"] = "max-age=60" },
        });
        foreach (string key in new[] { "from-stream", "from-pipe", "from-file" })
        {
            Assert.Equal(S3Harness.Sha256(data), S3Harness.Sha256(await c.GetObjectBytesAsync(h.Bucket, key)));
        }

        var head = await c.HeadObjectAsync(h.Bucket, "from-file");
        Assert.Equal("application/x-test", head.ContentType);
        Assert.Equal("tests", head.Metadata["owner"]);
        Assert.Equal("max-age=60", head.Headers["Cache-Control"]);

        // A wrong Content-MD5 or checksum is refused by the server.
        var badMd5 = await Assert.ThrowsAsync<S3Exception>(() => c.PutObjectAsync(h.Bucket, "bad", data, new PutObjectOptions { Headers = new Dictionary<string, string> { ["Content-MD5"] = "AAAAAAAAAAAAAAAAAAAAAA==" } }));
        Assert.Equal(HttpStatusCode.BadRequest, badMd5.StatusCode);
    }

    public static async Task GetVariantsAsync(string server, S3Mode mode)
    {
        await using var h = await S3Harness.CreateAsync(server, mode);
        var c = h.Client;
        byte[] data = S3Harness.RandomBytes(1000);
        var put = await c.PutObjectAsync(h.Bucket, "obj", data);

        using (var ranged = await c.GetObjectAsync(h.Bucket, "obj", new GetObjectOptions { RangeFrom = 10, RangeTo = 19 }))
        {
            Assert.Equal(HttpStatusCode.PartialContent, ranged.StatusCode);
            Assert.Equal("bytes 10-19/1000", ranged.ContentRange);
            using var ms = new MemoryStream();
            await ranged.Content.CopyToAsync(ms);
            Assert.Equal(data[10..20], ms.ToArray());
        }

        Assert.Equal(data[^5..], await c.GetObjectBytesAsync(h.Bucket, "obj", new GetObjectOptions { RangeTo = 5 }));
        Assert.Equal(data[990..], await c.GetObjectBytesAsync(h.Bucket, "obj", new GetObjectOptions { RangeFrom = 990 }));
        Assert.Equal(data, await c.GetObjectBytesAsync(h.Bucket, "obj", new GetObjectOptions { IfMatch = put.ETag }));
        var mismatch = await Assert.ThrowsAsync<S3Exception>(() => c.GetObjectBytesAsync(h.Bucket, "obj", new GetObjectOptions { IfMatch = "\"0000\"" }));
        Assert.Equal(HttpStatusCode.PreconditionFailed, mismatch.StatusCode);
        var notModified = await Assert.ThrowsAsync<S3Exception>(() => c.GetObjectBytesAsync(h.Bucket, "obj", new GetObjectOptions { IfNoneMatch = put.ETag }));
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        var missing = await Assert.ThrowsAsync<S3Exception>(() => c.GetObjectBytesAsync(h.Bucket, "nope"));
        Assert.Equal("NoSuchKey", missing.Code);
    }

    public static async Task CopyDeleteAsync(string server, S3Mode mode)
    {
        await using var h = await S3Harness.CreateAsync(server, mode);
        var c = h.Client;
        await c.PutObjectAsync(h.Bucket, "src dir/a+b", "copy me"u8.ToArray(), new PutObjectOptions { ContentType = "text/plain", Metadata = new Dictionary<string, string> { ["v"] = "1" } });
        var copy = await c.CopyObjectAsync(h.Bucket, "src dir/a+b", h.Bucket, "dst/copy 1");
        Assert.False(string.IsNullOrEmpty(copy.ETag));
        Assert.Equal("copy me"u8.ToArray(), await c.GetObjectBytesAsync(h.Bucket, "dst/copy 1"));
        Assert.Equal("1", (await c.HeadObjectAsync(h.Bucket, "dst/copy 1")).Metadata["v"]);

        await c.CopyObjectAsync(h.Bucket, "src dir/a+b", h.Bucket, "dst/copy 2", new CopyObjectOptions
        {
            ReplaceMetadata = new PutObjectOptions { ContentType = "application/json", Metadata = new Dictionary<string, string> { ["v"] = "2" } },
        });
        var replaced = await c.HeadObjectAsync(h.Bucket, "dst/copy 2");
        Assert.Equal("application/json", replaced.ContentType);
        Assert.Equal("2", replaced.Metadata["v"]);

        await c.DeleteObjectAsync(h.Bucket, "dst/copy 2");
        await c.DeleteObjectAsync(h.Bucket, "dst/copy 2"); // deleting again succeeds
        var result = await c.DeleteObjectsAsync(h.Bucket, ["src dir/a+b", "dst/copy 1"]);
        Assert.Equal(2, result.Deleted.Count);
        Assert.Empty((await c.ListObjectsV2Async(h.Bucket)).Objects);
    }

    public static async Task AclAsync(string server, S3Mode mode)
    {
        await using var h = await S3Harness.CreateAsync(server, mode);
        var c = h.Client;
        await c.PutObjectAsync(h.Bucket, "dst/copy 1", "x"u8.ToArray(), new PutObjectOptions { CannedAcl = S3CannedAcl.Private });

        // Canned ACLs on the object and the bucket, read back.
        await c.PutObjectAclAsync(h.Bucket, "dst/copy 1", S3CannedAcl.PublicRead);
        Assert.True((await c.GetObjectAclAsync(h.Bucket, "dst/copy 1")).IsPublicRead);
        await c.PutObjectAclAsync(h.Bucket, "dst/copy 1", S3CannedAcl.Private);
        Assert.False((await c.GetObjectAclAsync(h.Bucket, "dst/copy 1")).IsPublicRead);
        await c.PutBucketAclAsync(h.Bucket, S3CannedAcl.PublicRead);
        Assert.True((await c.GetBucketAclAsync(h.Bucket)).IsPublicRead);
        await c.PutBucketAclAsync(h.Bucket, S3CannedAcl.Private);

    }

    /// <summary>
    /// Swift's s3api (without its s3_acl option) reads ACLs as owner FULL_CONTROL only; it refuses to
    /// change an object's ACL (501 NotImplemented) and accepts, but ignores, bucket ACLs and x-amz-acl on PUT.
    /// </summary>
    public static async Task AclChangeNotImplementedAsync(string server, S3Mode mode)
    {
        await using var h = await S3Harness.CreateAsync(server, mode);
        var c = h.Client;
        await c.PutObjectAsync(h.Bucket, "k", "x"u8.ToArray(), new PutObjectOptions { CannedAcl = S3CannedAcl.PublicRead });
        var acl = await c.GetObjectAclAsync(h.Bucket, "k");
        Assert.Contains(acl.Grants, g => g.Permission == "FULL_CONTROL");
        Assert.False(acl.IsPublicRead);
        var e = await Assert.ThrowsAsync<S3Exception>(() => c.PutObjectAclAsync(h.Bucket, "k", S3CannedAcl.PublicRead));
        Assert.Equal(HttpStatusCode.NotImplemented, e.StatusCode);
        Assert.Equal("NotImplemented", e.Code);
        await c.PutBucketAclAsync(h.Bucket, S3CannedAcl.PublicRead);
        Assert.False((await c.GetBucketAclAsync(h.Bucket)).IsPublicRead);
    }

    public static async Task ListingPagesAsync(string server, S3Mode mode)
    {
        await using var h = await S3Harness.CreateAsync(server, mode);
        var c = h.Client;
        string[] keys = ["a/1", "a/2", "b/1", "c", "d/x/y", "e"];
        foreach (string key in keys)
        {
            await c.PutObjectAsync(h.Bucket, key, "x"u8.ToArray());
        }

        var page1 = await c.ListObjectsV2Async(h.Bucket, new ListObjectsOptions { MaxKeys = 4 });
        Assert.True(page1.IsTruncated);
        Assert.Equal(["a/1", "a/2", "b/1", "c"], page1.Objects.Select(o => o.Key));
        var page2 = await c.ListObjectsV2Async(h.Bucket, new ListObjectsOptions { MaxKeys = 4, ContinuationToken = page1.NextContinuationToken });
        Assert.False(page2.IsTruncated);
        Assert.Equal(["d/x/y", "e"], page2.Objects.Select(o => o.Key));

        var folders = await c.ListObjectsV2Async(h.Bucket, new ListObjectsOptions { Delimiter = "/" });
        Assert.Equal(["a/", "b/", "d/"], folders.CommonPrefixes);
        Assert.Equal(["c", "e"], folders.Objects.Select(o => o.Key));
        var after = await c.ListObjectsV2Async(h.Bucket, new ListObjectsOptions { StartAfter = "b/1" });
        Assert.Equal(["c", "d/x/y", "e"], after.Objects.Select(o => o.Key));
        var prefixed = await c.ListObjectsV2Async(h.Bucket, new ListObjectsOptions { Prefix = "a/" });
        Assert.Equal(["a/1", "a/2"], prefixed.Objects.Select(o => o.Key));

        // V1 with marker, page by page.
        var all = new List<string>();
        var v1 = new ListObjectsOptions { MaxKeys = 2 };
        while (true)
        {
            var page = await c.ListObjectsV1Async(h.Bucket, v1);
            all.AddRange(page.Objects.Select(o => o.Key));
            if (!page.IsTruncated)
            {
                break;
            }

            v1 = v1 with { Marker = page.NextMarker };
        }

        Assert.Equal(keys, all);
        var v1Folders = await c.ListObjectsV1Async(h.Bucket, new ListObjectsOptions { Delimiter = "/", MaxKeys = 2 });
        Assert.True(v1Folders.IsTruncated);
        Assert.Equal(["a/", "b/"], v1Folders.CommonPrefixes);
        Assert.Equal("b/", v1Folders.NextMarker);
    }

    /// <summary>A stream that cannot seek or tell its length, like a pipe.</summary>
    private sealed class NonSeekableStream(byte[] data) : MemoryStream(data)
    {
        public override bool CanSeek => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    }
}
