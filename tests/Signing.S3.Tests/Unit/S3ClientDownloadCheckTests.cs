using System.Globalization;
using System.Net;
using System.Net.Http.Headers;

namespace Signing.S3.Tests.Unit;

/// <summary>Every GET proves what it got: status, Content-Range, length and ETag are checked before a byte is believed.</summary>
public sealed class S3ClientDownloadCheckTests : IDisposable
{
    private const int MiB = 1024 * 1024;
    private readonly string _dir = Directory.CreateTempSubdirectory("s3dl-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task GetObjectAsync_ServerIgnoresRange_Refused()
    {
        var (client, handler, _) = Fake.Client();
        handler.Reply(HttpStatusCode.OK, new string('x', 100));
        var e = await Assert.ThrowsAsync<S3Exception>(() => client.GetObjectAsync("b", "k", new GetObjectOptions { RangeFrom = 10, RangeTo = 19 }));
        Assert.Equal("InvalidResponse", e.Code);
        Assert.Contains("asked for bytes=10-19 but the server answered 200 with the whole object (100 bytes): it ignores Range", e.Message);
        Assert.Single(handler.Requests);
    }

    [Theory]
    [InlineData(0L, null)]
    [InlineData(0L, 99L)]
    [InlineData(0L, 500L)]
    [InlineData(null, 100L)]
    public async Task GetObjectAsync_WholeObjectAskedAnswered200_Accepted(long? from, long? to)
    {
        var (client, handler, _) = Fake.Client();
        handler.Reply(HttpStatusCode.OK, new string('x', 100));
        using var r = await client.GetObjectAsync("b", "k", new GetObjectOptions { RangeFrom = from, RangeTo = to });
        Assert.Equal(100, (await ReadAll(r.Content)).Length);
    }

    [Theory]
    [InlineData("bytes 0-9/100")]
    [InlineData("bytes 10-20/100")]
    [InlineData("items 10-19/100")]
    [InlineData("bytes 19-10/100")]
    [InlineData("bytes 10-19/15")]
    public async Task GetObjectAsync_WrongContentRange_Refused(string contentRange)
    {
        var (client, handler, _) = Fake.Client();
        handler.Reply(_ => Partial(new byte[10], contentRange));
        var e = await Assert.ThrowsAsync<S3Exception>(() => client.GetObjectAsync("b", "k", new GetObjectOptions { RangeFrom = 10, RangeTo = 19 }));
        Assert.Equal("InvalidResponse", e.Code);
    }

    [Fact]
    public async Task GetObjectAsync_SuffixRange_CheckedAgainstTotal()
    {
        var (client, handler, _) = Fake.Client();
        handler.Reply(_ => Partial(new byte[10], "bytes 90-99/100"));
        using var r = await client.GetObjectAsync("b", "k", new GetObjectOptions { RangeTo = 10 });
        Assert.Equal(10, (await ReadAll(r.Content)).Length);
    }

    [Fact]
    public async Task GetObjectAsync_ETagNotTheOneAsked_Refused()
    {
        var (client, handler, _) = Fake.Client();
        handler.Reply(HttpStatusCode.OK, "data", ("ETag", "\"other\""));
        var e = await Assert.ThrowsAsync<S3Exception>(() => client.GetObjectAsync("b", "k", new GetObjectOptions { IfMatch = "\"mine\"" }));
        Assert.Contains("ETag is \"other\", not \"mine\"", e.Message);
    }

    [Fact]
    public async Task GetObjectAsync_BodyShorterThanAnnounced_ReadThrows()
    {
        var (client, handler, _) = Fake.Client();
        handler.Reply(_ => FaultyContent.Response(HttpStatusCode.OK, FaultyContent.Cut(new byte[10], 50)));
        using var r = await client.GetObjectAsync("b", "k");
        var e = await Assert.ThrowsAsync<IOException>(() => ReadAll(r.Content));
        Assert.Contains("ended after 10 of the 50 byte(s) announced", e.Message);
    }

    [Fact]
    public async Task GetObjectBytesAsync_BodyCutEveryTime_SentMaxAttemptsTimes()
    {
        var (client, handler, delays) = Fake.Client();
        handler.Default = _ => FaultyContent.Response(HttpStatusCode.OK, FaultyContent.Cut(new byte[10], 50));
        var e = await Assert.ThrowsAsync<IOException>(() => client.GetObjectBytesAsync("b", "k"));
        Assert.Equal(3, handler.Requests.Count);
        Assert.Equal(2, delays.Count);
        Assert.StartsWith("S3 GET b/k failed after 3 attempt(s)", e.Message);
    }

    [Fact]
    public async Task GetObjectBytesAsync_BodyCutOnce_FetchedAgain()
    {
        var (client, handler, _) = Fake.Client();
        handler.Reply(_ => FaultyContent.Response(HttpStatusCode.OK, FaultyContent.Cut(new byte[10], 50)));
        handler.Default = _ => FakeHandler.Response(HttpStatusCode.OK, new string('y', 50));
        var bytes = await client.GetObjectBytesAsync("b", "k");
        Assert.Equal(50, bytes.Length);
        Assert.Equal(2, handler.Requests.Count);
    }

    [Fact]
    public async Task DownloadFileAsync_RangedServer_WritesExactBytes()
    {
        var data = S3Data(12 * MiB + 7);
        var (client, handler, _) = Fake.Client();
        handler.Default = r => Serve(r, data, "\"e1\"");
        string path = Path.Combine(_dir, "out.bin");
        await client.DownloadFileAsync("b", "k", path, Small);
        Assert.Equal(data, await File.ReadAllBytesAsync(path));
        Assert.All(handler.Requests.Where(r => r.Method == "GET"), r => Assert.Equal("\"e1\"", r.Header("If-Match")));
        Assert.Equal(3, handler.Requests.Count(r => r.Method == "GET"));
    }

    [Fact]
    public async Task DownloadFileAsync_ServerIgnoresRange_FailsAndLeavesNoFile()
    {
        var data = S3Data(12 * MiB);
        var (client, handler, _) = Fake.Client();
        handler.Default = r => r.Method == "HEAD" ? Serve(r, data, "\"e1\"") : Whole(data, "\"e1\"");
        string path = Path.Combine(_dir, "out.bin");
        var e = await Assert.ThrowsAsync<S3Exception>(() => client.DownloadFileAsync("b", "k", path, Small));
        Assert.Equal("InvalidResponse", e.Code);
        Assert.Contains("it ignores Range", e.Message);
        Assert.Empty(Directory.GetFiles(_dir));
    }

    [Fact]
    public async Task DownloadFileAsync_RangeBodyCutEveryTime_EachRangeSentMaxAttemptsTimes()
    {
        var data = S3Data(12 * MiB);
        var (client, handler, _) = Fake.Client();
        handler.Default = r =>
        {
            var served = Serve(r, data, "\"e1\"");
            if (r.Header("Range") == $"bytes={5 * MiB}-{(10 * MiB) - 1}")
            {
                long announced = served.Content.Headers.ContentLength!.Value;
                var cut = FaultyContent.Cut(new byte[1000], announced);
                cut.Headers.TryAddWithoutValidation("Content-Range", served.Content.Headers.ContentRange!.ToString());
                served.Content = cut;
            }

            return served;
        };
        string path = Path.Combine(_dir, "out.bin");
        var e = await Assert.ThrowsAsync<IOException>(() => client.DownloadFileAsync("b", "k", path, Small with { MaxConcurrency = 1 }));
        Assert.Equal(3, handler.Requests.Count(r => r.Header("Range") == $"bytes={5 * MiB}-{(10 * MiB) - 1}"));
        Assert.Contains("failed after 3 attempt(s)", e.Message);
        Assert.Empty(Directory.GetFiles(_dir));
    }

    [Fact]
    public async Task DownloadFileAsync_ObjectChangesMidway_ClearErrorNoFile()
    {
        var data = S3Data(12 * MiB);
        var (client, handler, _) = Fake.Client();
        handler.Default = r => r.Method == "HEAD" || r.Header("Range")!.StartsWith("bytes=0-", StringComparison.Ordinal)
            ? Serve(r, data, "\"e1\"")
            : FakeHandler.Response(HttpStatusCode.PreconditionFailed, FakeHandler.ErrorXml("PreconditionFailed"));
        string path = Path.Combine(_dir, "out.bin");
        var e = await Assert.ThrowsAsync<S3Exception>(() => client.DownloadFileAsync("b", "k", path, Small with { MaxConcurrency = 1 }));
        Assert.Equal(HttpStatusCode.PreconditionFailed, e.StatusCode);
        Assert.Contains("changed during the download", e.Message);
        Assert.Empty(Directory.GetFiles(_dir));
    }

    [Fact]
    public async Task DownloadFileAsync_SizeChangedInContentRange_Refused()
    {
        var data = S3Data(12 * MiB);
        var bigger = S3Data(13 * MiB);
        var (client, handler, _) = Fake.Client();
        handler.Default = r => r.Method == "HEAD" ? Serve(r, data, "\"e1\"") : Serve(r, bigger, "\"e1\"");
        var e = await Assert.ThrowsAsync<S3Exception>(() => client.DownloadFileAsync("b", "k", Path.Combine(_dir, "out.bin"), Small));
        Assert.Contains("not the 12582912 it had when the download started", e.Message);
        Assert.Empty(Directory.GetFiles(_dir));
    }

    private static TransferOptions Small => new() { MultipartThreshold = 5 * MiB, PartSize = 5 * MiB };

    private static byte[] S3Data(int length)
    {
        var data = new byte[length];
        new Random(length).NextBytes(data);
        return data;
    }

    private static async Task<byte[]> ReadAll(Stream s)
    {
        using var ms = new MemoryStream();
        await s.CopyToAsync(ms);
        return ms.ToArray();
    }

    private static HttpResponseMessage Partial(byte[] body, string contentRange)
    {
        var content = new ByteArrayContent(body);
        content.Headers.TryAddWithoutValidation("Content-Range", contentRange);
        return new HttpResponseMessage(HttpStatusCode.PartialContent) { Content = content };
    }

    private static HttpResponseMessage Whole(byte[] data, string etag)
    {
        var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(data) };
        response.Headers.TryAddWithoutValidation("ETag", etag);
        return response;
    }

    /// <summary>A correct server: HEAD with the length, GET whole or ranged (206 with Content-Range).</summary>
    private static HttpResponseMessage Serve(RecordedRequest r, byte[] data, string etag)
    {
        if (r.Method == "HEAD")
        {
            var head = new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent([]) };
            head.Content.Headers.ContentLength = data.Length;
            head.Headers.TryAddWithoutValidation("ETag", etag);
            return head;
        }

        if (r.Header("Range") is not { } range)
        {
            return Whole(data, etag);
        }

        var parts = range["bytes=".Length..].Split('-');
        long from = long.Parse(parts[0], CultureInfo.InvariantCulture);
        long to = Math.Min(long.Parse(parts[1], CultureInfo.InvariantCulture), data.Length - 1);
        var content = new ByteArrayContent(data, (int)from, (int)(to - from + 1));
        content.Headers.ContentRange = new ContentRangeHeaderValue(from, to, data.Length);
        var response = new HttpResponseMessage(HttpStatusCode.PartialContent) { Content = content };
        response.Headers.TryAddWithoutValidation("ETag", etag);
        return response;
    }
}
