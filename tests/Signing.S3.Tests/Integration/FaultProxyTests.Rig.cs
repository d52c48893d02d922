using System.Net;
using System.Net.Http.Headers;

namespace Signing.S3.Tests.Integration;

// The rig and helpers of FaultProxyTests.
public sealed partial class FaultProxyTests
{
    private static HttpRequestMessage RangeGet(Uri url) => new(HttpMethod.Get, url) { Headers = { Range = new RangeHeaderValue(0, 99) } };

    /// <summary>Reads until the end, an error, or no byte for <paramref name="idle"/>: the count and the error (null at a clean end).</summary>
    private static async Task<(long Read, Exception? Error)> ReadAllAsync(Stream stream, TimeSpan idle)
    {
        long read = 0;
        var buffer = new byte[64 * 1024];
        try
        {
            while (true)
            {
                using var cts = new CancellationTokenSource(idle);
                int n = await stream.ReadAsync(buffer, cts.Token);
                if (n == 0)
                {
                    return (read, null);
                }

                read += n;
            }
        }
        catch (Exception e) when (e is IOException or OperationCanceledException)
        {
            return (read, e);
        }
    }

    private static IEnumerable<Exception> Chain(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
        {
            yield return e;
        }
    }

    private static async Task DeleteQuietlyAsync(S3Client client, string bucket)
    {
        try
        {
            foreach (var upload in await client.ListMultipartUploadsAsync(bucket))
            {
                await client.AbortMultipartUploadAsync(bucket, upload.Key, upload.UploadId);
            }

            foreach (var o in (await client.ListObjectsV2Async(bucket)).Objects)
            {
                await client.DeleteObjectAsync(bucket, o.Key);
            }

            await client.DeleteBucketAsync(bucket);
        }
        catch (S3Exception e) when (e.Code == "NoSuchBucket")
        {
            // Deleted by the test itself.
        }
    }

    /// <summary>A bucket on RGW holding "obj" (1 MiB), a proxy in front of RGW, and a plain HttpClient.</summary>
    private sealed class Rig : IAsyncDisposable
    {
        private S3Client _viaProxy = null!;

        public S3Harness Harness { get; private init; } = null!;

        public FaultProxy Proxy { get; private init; } = null!;

        public HttpClient Http { get; } = new(new SocketsHttpHandler()) { Timeout = TimeSpan.FromSeconds(20) };

        public byte[] Data { get; } = S3Harness.RandomBytes(MiB);

        public static async Task<Rig> StartAsync()
        {
            var harness = await S3Harness.CreateAsync(Server, new(S3SigningPolicy.SigV4, S3Addressing.PathStyle));
            var proxy = await FaultProxy.StartAsync(harness.Server.Endpoint);
            var rig = new Rig { Harness = harness, Proxy = proxy };
            rig._viaProxy = S3Harness.NewClient(harness.Server with { Endpoint = proxy.Endpoint }, harness.Mode);
            await harness.Client.PutObjectAsync(harness.Bucket, "obj", rig.Data);
            return rig;
        }

        /// <summary>A presigned GET of "obj" through the proxy.</summary>
        public Uri GetUrl() => _viaProxy.PresignGetObject(Harness.Bucket, "obj", TimeSpan.FromMinutes(5));

        /// <summary>A presigned PUT of <paramref name="key"/> through the proxy.</summary>
        public Uri PutUrl(string key) => _viaProxy.PresignPutObject(Harness.Bucket, key, TimeSpan.FromMinutes(5));

        /// <summary>Cleans up, then fails the test if anything unexpected happened inside the proxy.</summary>
        public async ValueTask DisposeAsync()
        {
            Http.Dispose();
            _viaProxy.Dispose();
            await Proxy.DisposeAsync();
            await Harness.DisposeAsync();
            Assert.Empty(Proxy.Errors);
        }
    }

    /// <summary>A body of zeros written in 64 KiB pieces, counting what the transport has taken.</summary>
    private sealed class CountingContent(long length) : HttpContent
    {
        private long _written;

        public long Written => Interlocked.Read(ref _written);

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            var piece = new byte[64 * 1024];
            for (long left = length; left > 0; left -= piece.Length)
            {
                await stream.WriteAsync(piece.AsMemory(0, (int)Math.Min(piece.Length, left)));
                Interlocked.Add(ref _written, Math.Min(piece.Length, left));
            }
        }

        protected override bool TryComputeLength(out long length1)
        {
            length1 = length;
            return true;
        }
    }
}
