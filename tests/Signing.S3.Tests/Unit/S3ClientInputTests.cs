namespace Signing.S3.Tests.Unit;

/// <summary>Every header, name and value the client is given is checked where it enters, before anything is sent.</summary>
public sealed class S3ClientInputTests
{
    public static TheoryData<string> BadValues => new("a\r\nX-Injected: b", "a\nb", "a\rb", "a\0b", "a\u0001b", "caf\u00e9");

    [Theory]
    [MemberData(nameof(BadValues))]
    public async Task PutObjectAsync_BadMetadataValue_ArgumentExceptionNothingSent(string value)
    {
        var (client, handler, _) = Fake.Client();
        var e = await Assert.ThrowsAsync<ArgumentException>(() => client.PutObjectAsync("b", "k", "x"u8.ToArray(), new PutObjectOptions { Metadata = new Dictionary<string, string> { ["note"] = value } }));
        Assert.Equal("options", e.ParamName);
        Assert.Contains("header x-amz-meta-note value", e.Message);
        Assert.Empty(handler.Requests);
    }

    [Theory]
    [MemberData(nameof(BadValues))]
    public async Task PutObjectAsync_BadHeaderOrContentType_ArgumentException(string value)
    {
        var (client, handler, _) = Fake.Client();
        await Assert.ThrowsAsync<ArgumentException>(() => client.PutObjectAsync("b", "k", "x"u8.ToArray(), new PutObjectOptions { Headers = new Dictionary<string, string> { ["Cache-Control"] = value } }));
        await Assert.ThrowsAsync<ArgumentException>(() => client.PutObjectAsync("b", "k", "x"u8.ToArray(), new PutObjectOptions { ContentType = value }));
        await Assert.ThrowsAsync<ArgumentException>(() => client.CreateMultipartUploadAsync("b", "k", new PutObjectOptions { ContentType = value }));
        await Assert.ThrowsAsync<ArgumentException>(() => client.GetObjectAsync("b", "k", new GetObjectOptions { IfMatch = value }));
        await Assert.ThrowsAsync<ArgumentException>(() => client.CopyObjectAsync("b", "k", "b2", "k2", new CopyObjectOptions { IfMatch = value }));
        Assert.Throws<ArgumentException>(() => client.PresignPutObject("b", "k", TimeSpan.FromMinutes(1), value));
        Assert.Throws<ArgumentException>(() => client.PresignGetObject("b", "k", TimeSpan.FromMinutes(1), new PresignGetOptions { ResponseContentDisposition = value }));
        Assert.Empty(handler.Requests);
    }

    [Theory]
    [InlineData("X Bad")]
    [InlineData("X:Bad")]
    [InlineData("")]
    [InlineData("X\r\nY")]
    public async Task PutObjectAsync_BadHeaderName_ArgumentException(string name)
    {
        var (client, handler, _) = Fake.Client();
        var e = await Assert.ThrowsAsync<ArgumentException>(() => client.PutObjectAsync("b", "k", "x"u8.ToArray(), new PutObjectOptions { Headers = new Dictionary<string, string> { [name] = "v" } }));
        Assert.Contains("header name", e.Message);
        Assert.Empty(handler.Requests);
    }

    [Fact]
    public async Task PutObjectAsync_ContentTypeNotAMediaType_SentVerbatim()
    {
        var (client, handler, _) = Fake.Client();
        await client.PutObjectAsync("b", "k", "x"u8.ToArray(), new PutObjectOptions { ContentType = "foo" });
        Assert.Equal("foo", handler.Requests[0].Header("Content-Type"));
    }

    [Fact]
    public async Task PutObjectAsync_EmptyContentType_ArgumentException()
    {
        var (client, _, _) = Fake.Client();
        var e = await Assert.ThrowsAsync<ArgumentException>(() => client.PutObjectAsync("b", "k", "x"u8.ToArray(), new PutObjectOptions { ContentType = string.Empty }));
        Assert.Contains("header Content-Type is empty", e.Message);
    }

    [Fact]
    public async Task UploadStreamAsync_BadMetadata_StreamNotRead()
    {
        var (client, handler, _) = Fake.Client();
        using var stream = new MemoryStream(new byte[100]);
        await Assert.ThrowsAsync<ArgumentException>(() => client.UploadStreamAsync("b", "k", stream, new TransferOptions { ObjectOptions = new PutObjectOptions { Metadata = new Dictionary<string, string> { ["a"] = "x\ny" } } }));
        Assert.Equal(0, stream.Position);
        Assert.Empty(handler.Requests);
    }

    [Fact]
    public async Task UploadFileAsync_BadMetadata_NoMultipartStarted()
    {
        var (client, handler, _) = Fake.Client();
        string file = Path.GetTempFileName();
        try
        {
            await File.WriteAllBytesAsync(file, new byte[6 * 1024 * 1024]);
            await Assert.ThrowsAsync<ArgumentException>(() => client.UploadFileAsync("b", "k", file, new TransferOptions { MultipartThreshold = 5 * 1024 * 1024, PartSize = 5 * 1024 * 1024, ObjectOptions = new PutObjectOptions { ContentType = "a\r\nb" } }));
            Assert.Empty(handler.Requests);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Theory]
    [InlineData("x-amz-security-token")]
    [InlineData("Authorization")]
    [InlineData("x-amz-server-side-encryption-customer-key")]
    [InlineData("x-amz-copy-source-server-side-encryption-customer-key")]
    [InlineData("Cookie")]
    public void HeaderValue_SecretHeader_ValueNeverShown(string name)
    {
        var (client, _, _) = Fake.Client();
        var e = Assert.Throws<AggregateException>(() => client.PutObjectAsync("b", "k", "x"u8.ToArray(), new PutObjectOptions { Headers = new Dictionary<string, string> { [name] = "SECRETVALUE\n" } }).Wait());
        Assert.DoesNotContain("SECRETVALUE", e.InnerException!.Message);
        Assert.Contains("(value not shown)", e.InnerException.Message);
    }

    [Theory]
    [InlineData(-1L, null)]
    [InlineData(null, -1L)]
    [InlineData(10L, 5L)]
    [InlineData(null, 0L)]
    public async Task GetObjectAsync_BadRange_ArgumentOutOfRange(long? from, long? to)
    {
        var (client, handler, _) = Fake.Client();
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => client.GetObjectAsync("b", "k", new GetObjectOptions { RangeFrom = from, RangeTo = to }));
        Assert.Empty(handler.Requests);
    }

    [Fact]
    public async Task Operations_HugeBucketOrKey_ArgumentExceptionNotUriFormat()
    {
        var (client, handler, _) = Fake.Client();
        string huge = new('a', 70_000);
        var bucket = await Assert.ThrowsAsync<ArgumentException>(() => client.ListObjectsV2Async(huge));
        Assert.Equal("bucket", bucket.ParamName);
        var key = await Assert.ThrowsAsync<ArgumentException>(() => client.GetObjectBytesAsync("b", huge));
        Assert.Contains("more than the 65519 a .NET Uri holds", key.Message);
        Assert.Empty(handler.Requests);
    }

    [Theory]
    [InlineData("a b")]
    [InlineData("a_b")]
    [InlineData("a\u00e9b")]
    public async Task VirtualHost_BucketNotAHostName_ArgumentException(string bucket)
    {
        var (client, handler, _) = Fake.Client(Fake.Options() with { Addressing = S3Addressing.VirtualHost });
        var e = await Assert.ThrowsAsync<ArgumentException>(() => client.HeadBucketAsync(bucket));
        Assert.Contains("PathStyle", e.Message);
        Assert.Empty(handler.Requests);
    }

    [Fact]
    public async Task PathStyle_BucketWithSlashOrControl_ArgumentException()
    {
        var (client, _, _) = Fake.Client();
        await Assert.ThrowsAsync<ArgumentException>(() => client.HeadBucketAsync("a/b"));
        await Assert.ThrowsAsync<ArgumentException>(() => client.HeadBucketAsync("a\nb"));
    }

    [Fact]
    public async Task Key_LoneSurrogate_ArgumentException()
    {
        var (client, _, _) = Fake.Client();
        var e = await Assert.ThrowsAsync<ArgumentException>(() => client.DeleteObjectAsync("b", "a\ud800b"));
        Assert.Contains("lone UTF-16 surrogate", e.Message);
    }

    [Fact]
    public async Task FolderMarkerKey_ReadDeletedPresigned()
    {
        var (client, handler, _) = Fake.Client();
        await client.GetObjectBytesAsync("b", "dir/");
        await client.DeleteObjectAsync("b", "dir/");
        Assert.Equal("/b/dir/", handler.Requests[0].Uri.AbsolutePath);
        Assert.Equal("/b/dir/", handler.Requests[1].Uri.AbsolutePath);
        Assert.StartsWith("http://s3.test:9000/b/dir/?", client.PresignGetObject("b", "dir/", TimeSpan.FromMinutes(1)).OriginalString);
    }
}
