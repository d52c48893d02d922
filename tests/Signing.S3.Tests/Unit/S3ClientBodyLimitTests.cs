using System.Net;
using System.Text;

namespace Signing.S3.Tests.Unit;

/// <summary>XML answers are read inside the attempt (a cut page is asked again) and only up to a size no honest answer comes near.</summary>
public sealed class S3ClientBodyLimitTests
{
    private const string Page = "<ListBucketResult><Contents><Key>a</Key><Size>1</Size></Contents><IsTruncated>false</IsTruncated></ListBucketResult>";

    [Fact]
    public async Task ListObjectsV2Async_PageCutOnce_AskedAgain()
    {
        var (client, handler, _) = Fake.Client();
        byte[] page = Encoding.UTF8.GetBytes(Page);
        handler.Reply(_ => FaultyContent.Response(HttpStatusCode.OK, FaultyContent.Cut(page[..20], page.Length)));
        handler.Reply(HttpStatusCode.OK, Page);
        var result = await client.ListObjectsV2Async("b");
        Assert.Equal("a", Assert.Single(result.Objects).Key);
        Assert.Equal(2, handler.Requests.Count);
    }

    [Fact]
    public async Task ListObjectsV2Async_EndlessPage_RefusedNotHeldInMemory()
    {
        var (client, handler, _) = Fake.Client();
        handler.Reply(_ => FaultyContent.Response(HttpStatusCode.OK, new StreamContent(new EndlessStream())));
        var e = await Assert.ThrowsAsync<InvalidDataException>(() => client.ListObjectsV2Async("b"));
        Assert.Contains("longer than 67108864 bytes", e.Message);
        Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task ListBucketsAsync_HugeAnnouncedBody_RefusedBeforeReading()
    {
        var (client, handler, _) = Fake.Client();
        handler.Reply(_ => FaultyContent.Response(HttpStatusCode.OK, FaultyContent.Cut([], 100L * 1024 * 1024 * 1024)));
        var e = await Assert.ThrowsAsync<InvalidDataException>(() => client.ListBucketsAsync());
        Assert.Contains("announces 107374182400 bytes", e.Message);
    }

    [Fact]
    public async Task ListBucketsAsync_BodyLongerThanAnnounced_Refused()
    {
        var (client, handler, _) = Fake.Client(Fake.Options() with { MaxAttempts = 1 });
        handler.Reply(_ => FaultyContent.Response(HttpStatusCode.OK, FaultyContent.Cut(Encoding.UTF8.GetBytes("<ListAllMyBucketsResult/>trailing"), 25)));
        var e = await Assert.ThrowsAsync<IOException>(() => client.ListBucketsAsync());
        Assert.Contains("ran on", e.Message);
    }

    /// <summary>'a' forever, 1 MiB a read.</summary>
    private sealed class EndlessStream : ReadOnlyTestStream
    {
        private static readonly byte[] Chunk = Enumerable.Repeat((byte)'a', 1024 * 1024).ToArray();

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            int n = Math.Min(buffer.Length, Chunk.Length);
            Chunk.AsMemory(0, n).CopyTo(buffer);
            return ValueTask.FromResult(n);
        }
    }
}
