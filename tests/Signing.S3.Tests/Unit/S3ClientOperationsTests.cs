using System.Net;
using System.Security.Cryptography;
using System.Text;

namespace Signing.S3.Tests.Unit;

public sealed class S3ClientOperationsTests
{
    [Fact]
    public async Task S3Client_ListObjectsV2_UrlEncodedNames_Decoded()
    {
        var (client, handler, _) = Fake.Client();
        handler.Reply(HttpStatusCode.OK, """
            <ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>b</Name><EncodingType>url</EncodingType>
            <IsTruncated>true</IsTruncated><NextContinuationToken>tok+/=</NextContinuationToken>
            <Contents><Key>a+b%2Bc%C3%BC</Key><Size>5</Size><ETag>"e1"</ETag><LastModified>2024-05-01T12:00:00.000Z</LastModified><StorageClass>STANDARD</StorageClass></Contents>
            <CommonPrefixes><Prefix>dir%20x/</Prefix></CommonPrefixes></ListBucketResult>
            """);
        var page = await client.ListObjectsV2Async("b", new ListObjectsOptions { Prefix = "p q", Delimiter = "/", MaxKeys = 10, StartAfter = "s", ContinuationToken = "c=1" });
        Assert.Equal("/b?list-type=2&encoding-type=url&prefix=p%20q&delimiter=%2F&start-after=s&max-keys=10&continuation-token=c%3D1", handler.Requests[0].PathAndQuery);
        var o = Assert.Single(page.Objects);
        Assert.Equal("a b+cü", o.Key);
        Assert.Equal(5, o.Size);
        Assert.Equal("\"e1\"", o.ETag);
        Assert.Equal(new DateTimeOffset(2024, 5, 1, 12, 0, 0, TimeSpan.Zero), o.LastModified);
        Assert.Equal(["dir x/"], page.CommonPrefixes);
        Assert.True(page.IsTruncated);
        Assert.Equal("tok+/=", page.NextContinuationToken);
    }

    [Fact]
    public async Task S3Client_ListObjectsV2_NoEncodingType_NamesAsSent()
    {
        var (client, handler, _) = Fake.Client();
        handler.Reply(HttpStatusCode.OK, "<ListBucketResult><Contents><Key>a+b%20</Key></Contents></ListBucketResult>");
        Assert.Equal("a+b%20", (await client.ListObjectsV2Async("b")).Objects[0].Key);
    }

    [Fact]
    public async Task S3Client_ListAllObjects_FollowsContinuationTokens()
    {
        var (client, handler, _) = Fake.Client();
        handler.Reply(HttpStatusCode.OK, "<ListBucketResult><IsTruncated>true</IsTruncated><NextContinuationToken>t1</NextContinuationToken><Contents><Key>a</Key></Contents></ListBucketResult>")
            .Reply(HttpStatusCode.OK, "<ListBucketResult><IsTruncated>false</IsTruncated><Contents><Key>b</Key></Contents><Contents><Key>c</Key></Contents></ListBucketResult>");
        var keys = new List<string>();
        await foreach (var o in client.ListAllObjectsAsync("b", "pre"))
        {
            keys.Add(o.Key);
        }

        Assert.Equal(["a", "b", "c"], keys);
        Assert.Contains("continuation-token=t1", handler.Requests[1].PathAndQuery);
        Assert.Contains("prefix=pre", handler.Requests[1].PathAndQuery);
    }

    [Fact]
    public async Task S3Client_ListObjectsV1_NoNextMarker_ContinuesAfterLastKey()
    {
        var (client, handler, _) = Fake.Client();
        handler.Reply(HttpStatusCode.OK, "<ListBucketResult><IsTruncated>true</IsTruncated><Contents><Key>a</Key></Contents><Contents><Key>b</Key></Contents></ListBucketResult>");
        var page = await client.ListObjectsV1Async("b", new ListObjectsOptions { Marker = "0" });
        Assert.Equal("/b?encoding-type=url&marker=0", handler.Requests[0].PathAndQuery);
        Assert.Equal("b", page.NextMarker);
    }

    [Fact]
    public async Task S3Client_DeleteObjects_SendsXmlWithContentMd5_ParsesResult()
    {
        var (client, handler, _) = Fake.Client();
        handler.Reply(HttpStatusCode.OK, "<DeleteResult><Deleted><Key>a &amp; b</Key></Deleted><Error><Key>c</Key><Code>AccessDenied</Code><Message>no</Message></Error></DeleteResult>");
        var result = await client.DeleteObjectsAsync("b", ["a & b", "c"]);
        var r = handler.Requests[0];
        Assert.Equal("/b?delete", r.PathAndQuery);
        Assert.Equal(Convert.ToBase64String(MD5.HashData(r.Body)), r.Header("Content-MD5"));
        string xml = Encoding.UTF8.GetString(r.Body);
        Assert.Contains("<Object><Key>a &amp; b</Key></Object><Object><Key>c</Key></Object>", xml);
        Assert.Equal(["a & b"], result.Deleted);
        Assert.Equal(new S3DeleteError("c", "AccessDenied", "no"), Assert.Single(result.Errors));
    }

    [Fact]
    public async Task S3Client_DeleteObjects_MoreThan1000_Batched()
    {
        var (client, handler, _) = Fake.Client();
        handler.Default = _ => FakeHandler.Response(HttpStatusCode.OK, "<DeleteResult/>");
        await client.DeleteObjectsAsync("b", Enumerable.Range(0, 2500).Select(i => $"k{i}"));
        Assert.Equal(3, handler.Requests.Count);
    }

    [Fact]
    public async Task S3Client_PutObject_Options_SentAsHeaders()
    {
        var (client, handler, _) = Fake.Client();
        handler.Reply(HttpStatusCode.OK, string.Empty, ("ETag", "\"abc\""), ("x-amz-version-id", "v1"));
        var result = await client.PutObjectAsync("b", "k", "hello"u8.ToArray(), new PutObjectOptions
        {
            ContentType = "text/plain",
            Metadata = new Dictionary<string, string> { ["Color"] = "blue" },
            CannedAcl = S3CannedAcl.PublicRead,
            ContentMd5 = true,
            Checksum = Signing.Checksums.ChecksumAlgorithm.Crc32C,
        });
        var r = handler.Requests[0];
        Assert.Equal("text/plain", r.Header("Content-Type"));
        Assert.Equal("blue", r.Header("x-amz-meta-Color"));
        Assert.Equal("public-read", r.Header("x-amz-acl"));
        Assert.Equal(Convert.ToBase64String(MD5.HashData("hello"u8)), r.Header("Content-MD5"));
        Assert.Equal(Signing.Checksums.PayloadChecksum.ComputeBase64(Signing.Checksums.ChecksumAlgorithm.Crc32C, "hello"u8), r.Header("x-amz-checksum-crc32c"));
        Assert.Equal(new PutObjectResult("\"abc\"", "v1", null), result);
    }

    [Fact]
    public async Task S3Client_CopyObject_EncodesSourceAndReplacesMetadata()
    {
        var (client, handler, _) = Fake.Client();
        handler.Reply(HttpStatusCode.OK, "<CopyObjectResult><ETag>\"e\"</ETag><LastModified>2024-05-01T12:00:00Z</LastModified></CopyObjectResult>");
        var result = await client.CopyObjectAsync("src", "a b/ü", "dst", "k", new CopyObjectOptions { ReplaceMetadata = new PutObjectOptions { ContentType = "x/y" } });
        var r = handler.Requests[0];
        Assert.Equal("/src/a%20b/%C3%BC", r.Header("x-amz-copy-source"));
        Assert.Equal("REPLACE", r.Header("x-amz-metadata-directive"));
        Assert.Equal("x/y", r.Header("Content-Type"));
        Assert.Equal("\"e\"", result.ETag);
    }

    [Fact]
    public async Task S3Client_CopyObject_StorageClass_SentWithCopiedOrReplacedMetadata()
    {
        var (client, handler, _) = Fake.Client();
        handler.Reply(HttpStatusCode.OK, "<CopyObjectResult><ETag>\"e\"</ETag></CopyObjectResult>");
        handler.Reply(HttpStatusCode.OK, "<CopyObjectResult><ETag>\"e\"</ETag></CopyObjectResult>");
        await client.CopyObjectAsync("src", "k", "dst", "k", new CopyObjectOptions { StorageClass = "STANDARD_IA" });
        await client.CopyObjectAsync("src", "k", "dst", "k", new CopyObjectOptions
        {
            StorageClass = "GLACIER_IR",
            ReplaceMetadata = new PutObjectOptions { Metadata = new Dictionary<string, string> { ["a"] = "1" }, Headers = new Dictionary<string, string> { ["Cache-Control"] = "no-cache" } },
        });
        Assert.Equal("STANDARD_IA", handler.Requests[0].Header("x-amz-storage-class"));
        Assert.Null(handler.Requests[0].Header("x-amz-metadata-directive"));
        Assert.Equal("GLACIER_IR", handler.Requests[1].Header("x-amz-storage-class"));
        Assert.Equal("REPLACE", handler.Requests[1].Header("x-amz-metadata-directive"));
        Assert.Equal("1", handler.Requests[1].Header("x-amz-meta-a"));
        Assert.Equal("no-cache", handler.Requests[1].Header("Cache-Control"));
    }

    [Fact]
    public async Task S3Client_GetObject_RangeAndConditions_SentAsHeaders()
    {
        var (client, handler, _) = Fake.Client();
        handler.Reply(HttpStatusCode.PartialContent, "0123", ("Content-Range", "bytes 0-3/10"), ("x-amz-meta-a", "1"));
        using var response = await client.GetObjectAsync("b", "k", new GetObjectOptions { RangeFrom = 0, RangeTo = 3, IfMatch = "\"e\"", IfNoneMatch = "\"f\"" });
        var r = handler.Requests[0];
        Assert.Equal("bytes=0-3", r.Header("Range"));
        Assert.Equal("\"e\"", r.Header("If-Match"));
        Assert.Equal("\"f\"", r.Header("If-None-Match"));
        Assert.Equal(HttpStatusCode.PartialContent, response.StatusCode);
        Assert.Equal("bytes 0-3/10", response.ContentRange);
        Assert.Equal("1", response.Metadata["a"]);
        Assert.Equal("0123", await new StreamReader(response.Content).ReadToEndAsync());
    }

    [Fact]
    public async Task S3Client_UploadFile_PartFails_AbortsUpload()
    {
        var (client, handler, _) = Fake.Client(Fake.Options() with { MaxAttempts = 1 });
        handler.Default = r => FakeHandler.Multipart(r, failingPart: 2);
        string path = Path.GetTempFileName();
        try
        {
            await File.WriteAllBytesAsync(path, new byte[(11 * 1024 * 1024) + 1]);
            var e = await Assert.ThrowsAsync<S3Exception>(() => client.UploadFileAsync("b", "k", path, new TransferOptions { MultipartThreshold = 1, PartSize = 5 * 1024 * 1024, MaxConcurrency = 1 }));
            Assert.Equal("InvalidPart", e.Code);
            var abort = Assert.Single(handler.Requests, r => r.Method == "DELETE");
            Assert.Equal("/b/k?uploadId=up-1", abort.PathAndQuery);
            Assert.DoesNotContain(handler.Requests, r => r.PathAndQuery.Contains("partNumber=3"));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task S3Client_UploadFile_PartSizeBelow5MiB_Refused()
    {
        var (client, _, _) = Fake.Client();
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => client.UploadFileAsync("b", "k", "/nonexistent", new TransferOptions { PartSize = 1024 }));
    }
}
