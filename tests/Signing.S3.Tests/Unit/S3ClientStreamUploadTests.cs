using System.Net;
using System.Text;

namespace Signing.S3.Tests.Unit;

public sealed class S3ClientStreamUploadTests
{
    private const int MiB = 1024 * 1024;

    [Fact]
    public async Task S3Client_UploadStream_EndsWithinThreshold_OnePut()
    {
        var (client, handler, _) = Fake.Client();
        handler.Default = _ => FakeHandler.Response(HttpStatusCode.OK, string.Empty, ("ETag", "\"e\""));
        byte[] data = Encoding.UTF8.GetBytes("hello from a pipe");
        var progress = new List<long>();
        var result = await client.UploadStreamAsync("b", "k", new PipeStream(data), new TransferOptions { Progress = new Recording(progress), ObjectOptions = new PutObjectOptions { ContentType = "text/plain" } });
        var put = Assert.Single(handler.Requests);
        Assert.Equal("PUT", put.Method);
        Assert.Equal("/b/k", put.PathAndQuery);
        Assert.Equal(data, put.Body);
        Assert.Equal("text/plain", put.Header("Content-Type"));
        Assert.Equal("\"e\"", result.ETag);
        Assert.Equal([data.Length], progress);
    }

    [Fact]
    public async Task S3Client_UploadStream_Empty_OneEmptyPut()
    {
        var (client, handler, _) = Fake.Client();
        await client.UploadStreamAsync("b", "k", new PipeStream([]));
        var put = Assert.Single(handler.Requests);
        Assert.Equal("PUT", put.Method);
        Assert.Empty(put.Body);
    }

    [Fact]
    public async Task S3Client_UploadStream_AboveThreshold_PartsInOrderThenComplete()
    {
        var (client, handler, _) = Fake.Client();
        handler.Default = r => FakeHandler.Multipart(r);
        byte[] data = new byte[(11 * MiB) + 1];
        new Random(5).NextBytes(data);
        var progress = new List<long>();
        var options = new TransferOptions { MultipartThreshold = 5 * MiB, PartSize = 5 * MiB, MaxConcurrency = 2, Progress = new Recording(progress), ObjectOptions = new PutObjectOptions { ContentType = "application/x-test" } };

        var result = await client.UploadStreamAsync("b", "k", new PipeStream(data), options);

        Assert.Equal("\"done\"", result.ETag);
        var create = handler.Requests[0];
        Assert.Equal("/b/k?uploads", create.PathAndQuery);
        Assert.Equal("application/x-test", create.Header("Content-Type"));
        var parts = handler.Requests.Where(r => r.Method == "PUT").OrderBy(r => r.PathAndQuery, StringComparer.Ordinal).ToList();
        Assert.Equal(["/b/k?partNumber=1&uploadId=up-1", "/b/k?partNumber=2&uploadId=up-1", "/b/k?partNumber=3&uploadId=up-1"], parts.Select(p => p.PathAndQuery));
        Assert.Equal([5 * MiB, 5 * MiB, MiB + 1], parts.Select(p => p.Body.Length));
        Assert.Equal(data, parts.SelectMany(p => p.Body).ToArray());
        string complete = Encoding.UTF8.GetString(handler.Requests[^1].Body);
        Assert.Equal("/b/k?uploadId=up-1", handler.Requests[^1].PathAndQuery);
        Assert.Contains("<Part><PartNumber>1</PartNumber><ETag>\"p1\"</ETag></Part><Part><PartNumber>2</PartNumber><ETag>\"p2\"</ETag></Part><Part><PartNumber>3</PartNumber>", complete);
        Assert.Equal(data.Length, progress.Max());
    }

    [Fact]
    public async Task S3Client_UploadStream_PartFails_AbortsAndStopsReading()
    {
        var (client, handler, _) = Fake.Client(Fake.Options() with { MaxAttempts = 1 });
        handler.Default = r => FakeHandler.Multipart(r, failingPart: 2);
        var source = new PipeStream(new byte[30 * MiB]);

        var e = await Assert.ThrowsAsync<S3Exception>(() => client.UploadStreamAsync("b", "k", source, new TransferOptions { MultipartThreshold = 1, PartSize = 5 * MiB, MaxConcurrency = 1 }));

        Assert.Equal("InvalidPart", e.Code);
        Assert.Equal("/b/k?uploadId=up-1", Assert.Single(handler.Requests, r => r.Method == "DELETE").PathAndQuery);
        Assert.DoesNotContain(handler.Requests, r => r.PathAndQuery.Contains("partNumber=4"));
        Assert.DoesNotContain(handler.Requests, r => r.Method == "POST" && r.PathAndQuery == "/b/k?uploadId=up-1");
        Assert.True(source.Position < 30 * MiB, "reading went on after the failure");
    }

    [Fact]
    public async Task S3Client_UploadStream_PartSizeBelow5MiB_Refused()
    {
        var (client, handler, _) = Fake.Client();
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => client.UploadStreamAsync("b", "k", new PipeStream([1]), new TransferOptions { PartSize = 1024 }));
        Assert.Empty(handler.Requests);
    }

    private sealed class Recording(List<long> reports) : IProgress<long>
    {
        public void Report(long value)
        {
            lock (reports)
            {
                reports.Add(value);
            }
        }
    }
}
