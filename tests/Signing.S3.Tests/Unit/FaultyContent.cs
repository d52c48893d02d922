using System.Net;

namespace Signing.S3.Tests.Unit;

/// <summary>
/// Response bodies that misbehave as a broken server or network would, for in-process tests:
/// cut short of the announced length, or stalled after some bytes until the reader gives up.
/// (The same faults over real sockets are in the integration tests, through FaultProxy.)
/// </summary>
public static class FaultyContent
{
    /// <summary>Announces <paramref name="announced"/> bytes, sends <paramref name="body"/>, then ends.</summary>
    public static HttpContent Cut(byte[] body, long announced) =>
        Headers(new StreamContent(new MemoryStream(body)), announced);

    /// <summary>Sends <paramref name="prefix"/>, then nothing until the reader's token is cancelled.</summary>
    public static HttpContent Stalled(byte[] prefix, long announced) =>
        Headers(new StreamContent(new StallingStream(prefix)), announced);

    /// <summary>A response with <paramref name="content"/> and extra headers.</summary>
    public static HttpResponseMessage Response(HttpStatusCode status, HttpContent content, params (string Name, string Value)[] headers)
    {
        var response = new HttpResponseMessage(status) { Content = content };
        foreach (var (name, value) in headers)
        {
            if (!response.Headers.TryAddWithoutValidation(name, value))
            {
                content.Headers.TryAddWithoutValidation(name, value);
            }
        }

        return response;
    }

    private static HttpContent Headers(HttpContent content, long announced)
    {
        content.Headers.ContentLength = announced;
        return content;
    }

    /// <summary>A request body sink that takes <paramref name="accept"/> bytes and then blocks every write until cancelled (a server that stopped reading).</summary>
    public sealed class StallingSinkStream(long accept) : Stream
    {
        private long _taken;

        public long Taken => Interlocked.Read(ref _taken);

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (Taken + buffer.Length > accept)
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }

            Interlocked.Add(ref _taken, buffer.Length);
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException("async only");

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
