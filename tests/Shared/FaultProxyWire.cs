using System.Text;

namespace Signing.TestSupport;

// Part of FaultProxy (see FaultProxy.cs): a buffered reader of HTTP/1.1 wire bytes.

/// <summary>Reads heads, lines and raw body bytes from a stream, through one buffer.</summary>
internal sealed class HttpWireReader
{
    private const int MaxHead = 64 * 1024;
    private readonly Stream _stream;
    private readonly byte[] _buffer = new byte[64 * 1024];
    private int _start;
    private int _end;

    public HttpWireReader(Stream stream) => _stream = stream;

    /// <summary>Bytes already read from the stream and not yet consumed.</summary>
    public int Buffered => _end - _start;

    /// <summary>
    /// The lines of the next message head (start line first, no CRLFs), or null when the stream ends
    /// cleanly before its first byte. Throws <see cref="EndOfStreamException"/> when it ends inside the
    /// head and <see cref="InvalidDataException"/> for a head over 64 KiB.
    /// </summary>
    public async ValueTask<List<string>?> ReadHeadAsync(CancellationToken ct)
    {
        var lines = new List<string>();
        int total = 0;
        while (true)
        {
            if (lines.Count == 0 && Buffered == 0 && await FillAsync(ct) == 0)
            {
                return null;
            }

            string line = await ReadLineAsync(ct);
            total += line.Length + 2;
            if (total > MaxHead)
            {
                throw new InvalidDataException("message head over 64 KiB");
            }

            if (line.Length == 0)
            {
                if (lines.Count == 0)
                {
                    continue; // RFC 9112 2.2: ignore empty lines before a request line
                }

                return lines;
            }

            lines.Add(line);
        }
    }

    /// <summary>One line without its CRLF (a bare LF also ends it), decoded as Latin-1.</summary>
    public async ValueTask<string> ReadLineAsync(CancellationToken ct)
    {
        while (true)
        {
            int lf = Array.IndexOf(_buffer, (byte)'\n', _start, _end - _start);
            if (lf >= 0)
            {
                int length = lf - _start;
                if (length > 0 && _buffer[lf - 1] == '\r')
                {
                    length--;
                }

                string line = Encoding.Latin1.GetString(_buffer, _start, length);
                _start = lf + 1;
                return line;
            }

            if (Buffered >= _buffer.Length)
            {
                throw new InvalidDataException("line over 64 KiB");
            }

            if (await FillAsync(ct) == 0)
            {
                throw new EndOfStreamException("the peer closed the connection inside a line");
            }
        }
    }

    /// <summary>
    /// Up to <paramref name="max"/> bytes: those buffered, else one read from the stream; empty at the
    /// end of the stream. The memory is valid until the next call.
    /// </summary>
    public async ValueTask<ReadOnlyMemory<byte>> ReadSomeAsync(int max, CancellationToken ct)
    {
        if (Buffered == 0 && await FillAsync(ct) == 0)
        {
            return ReadOnlyMemory<byte>.Empty;
        }

        int n = Math.Min(max, Buffered);
        var piece = new ReadOnlyMemory<byte>(_buffer, _start, n);
        _start += n;
        return piece;
    }

    private async ValueTask<int> FillAsync(CancellationToken ct)
    {
        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, Buffered);
            _end -= _start;
            _start = 0;
        }

        int n = await _stream.ReadAsync(_buffer.AsMemory(_end), ct);
        _end += n;
        return n;
    }
}
