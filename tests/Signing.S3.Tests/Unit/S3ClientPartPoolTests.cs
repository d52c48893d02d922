using System.Buffers;
using System.Net;

namespace Signing.S3.Tests.Unit;

/// <summary>Every part buffer a stream upload rents goes back to the pool, whatever path the upload takes.</summary>
public sealed class S3ClientPartPoolTests
{
    private const int MiB = 1024 * 1024;

    private static TransferOptions Parts => new() { MultipartThreshold = 5 * MiB, PartSize = 5 * MiB, MaxConcurrency = 2 };

    [Theory]
    [InlineData(0)]
    [InlineData(100)]
    [InlineData(5 * MiB)]
    public async Task UploadStreamAsync_SinglePut_EveryBufferReturned(int length)
    {
        var (client, handler, pool) = Client();
        await client.UploadStreamAsync("b", "k", new PipeStream(new byte[length]), Parts);
        Assert.Single(handler.Requests);
        Assert.True(pool.Rented > 0);
        Assert.Equal(pool.Rented, pool.Returned);
    }

    [Fact]
    public async Task UploadStreamAsync_Multipart_EveryBufferReturned()
    {
        var (client, handler, pool) = Client();
        handler.Default = r => FakeHandler.Multipart(r);
        await client.UploadStreamAsync("b", "k", new PipeStream(new byte[(12 * MiB) + 3]), Parts);
        Assert.Equal(3, handler.Requests.Count(r => r.Method == "PUT"));
        Assert.Equal(pool.Rented, pool.Returned);
    }

    [Fact]
    public async Task UploadStreamAsync_PartFails_EveryBufferReturnedAndAborted()
    {
        var (client, handler, pool) = Client();
        handler.Default = r => FakeHandler.Multipart(r, failingPart: 2);
        var e = await Assert.ThrowsAsync<S3Exception>(() => client.UploadStreamAsync("b", "k", new PipeStream(new byte[22 * MiB]), Parts));
        Assert.Equal("InvalidPart", e.Code);
        Assert.Single(handler.Requests, r => r.Method == "DELETE");
        Assert.Equal(pool.Rented, pool.Returned);
    }

    [Fact]
    public async Task UploadStreamAsync_CreateFails_EveryBufferReturned()
    {
        var (client, handler, pool) = Client();
        handler.Default = _ => FakeHandler.Response(HttpStatusCode.Forbidden, FakeHandler.ErrorXml("AccessDenied"));
        await Assert.ThrowsAsync<S3Exception>(() => client.UploadStreamAsync("b", "k", new PipeStream(new byte[12 * MiB]), Parts));
        Assert.Equal(pool.Rented, pool.Returned);
    }

    [Fact]
    public async Task UploadStreamAsync_StreamFailsMidway_EveryBufferReturnedAndAborted()
    {
        var (client, handler, pool) = Client();
        handler.Default = r => FakeHandler.Multipart(r);
        var e = await Assert.ThrowsAsync<IOException>(() => client.UploadStreamAsync("b", "k", new PipeStream(new byte[30 * MiB], failAfter: 17 * MiB), Parts));
        Assert.Equal("pipe broke", e.Message);
        Assert.Single(handler.Requests, r => r.Method == "DELETE");
        Assert.Equal(pool.Rented, pool.Returned);
    }

    private static (S3Client Client, FakeHandler Handler, CountingPool Pool) Client()
    {
        var (client, handler, _) = Fake.Client();
        var pool = new CountingPool();
        client.PartPool = pool;
        return (client, handler, pool);
    }

    private sealed class CountingPool : ArrayPool<byte>
    {
        private int _rented;
        private int _returned;

        public int Rented => _rented;

        public int Returned => _returned;

        public override byte[] Rent(int minimumLength)
        {
            Interlocked.Increment(ref _rented);
            return new byte[minimumLength];
        }

        public override void Return(byte[] array, bool clearArray = false) => Interlocked.Increment(ref _returned);
    }
}
