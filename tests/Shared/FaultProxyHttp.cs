using System.Globalization;
using System.Text;

namespace Signing.TestSupport;

// Part of FaultProxy (see FaultProxy.cs): HTTP/1.1 message heads and body framing.

/// <summary>An HTTP/1.1 message head's header fields, in wire order; names compare case-insensitively.</summary>
public abstract class ProxyMessageHead
{
    /// <summary>The header fields as (name, value) in wire order; values have their surrounding spaces trimmed.</summary>
    public List<KeyValuePair<string, string>> Headers { get; } = [];

    /// <summary>The first value of header <paramref name="name"/>, or null.</summary>
    public string? Get(string name) => Headers.FirstOrDefault(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value;

    /// <summary>Whether header <paramref name="name"/> is present.</summary>
    public bool Has(string name) => Headers.Exists(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>Removes every header <paramref name="name"/>; returns how many there were.</summary>
    public int Remove(string name) => Headers.RemoveAll(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>Replaces the first header <paramref name="name"/> in place (removing the others), or appends it.</summary>
    public void Set(string name, string value)
    {
        int i = Headers.FindIndex(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase));
        if (i < 0)
        {
            Headers.Add(new(name, value));
            return;
        }

        Headers[i] = new(Headers[i].Key, value);
        for (int j = Headers.Count - 1; j > i; j--)
        {
            if (string.Equals(Headers[j].Key, name, StringComparison.OrdinalIgnoreCase))
            {
                Headers.RemoveAt(j);
            }
        }
    }

    /// <summary>Appends a header field.</summary>
    public void Add(string name, string value) => Headers.Add(new(name, value));

    /// <summary>The start line (request line or status line), without CRLF.</summary>
    public abstract string StartLine { get; }

    /// <summary>The head as bytes on the wire: start line, fields as <c>Name: value</c>, empty line (Latin-1).</summary>
    public byte[] ToBytes()
    {
        var text = new StringBuilder(StartLine).Append("\r\n");
        foreach (var (name, value) in Headers)
        {
            text.Append(name).Append(": ").Append(value).Append("\r\n");
        }

        return Encoding.Latin1.GetBytes(text.Append("\r\n").ToString());
    }

    /// <summary>Whether the Transfer-Encoding's last coding is chunked.</summary>
    internal bool IsChunked => Get("Transfer-Encoding") is { } te
        && te.Split(',')[^1].Trim().Equals("chunked", StringComparison.OrdinalIgnoreCase);

    /// <summary>The Content-Length, or -1 when absent; throws <see cref="InvalidDataException"/> when not a number.</summary>
    internal long ContentLength => Get("Content-Length") is { } cl
        ? long.TryParse(cl, NumberStyles.None, CultureInfo.InvariantCulture, out long n) ? n : throw new InvalidDataException($"bad Content-Length '{cl}'")
        : -1;

    /// <summary>Whether a <c>Connection</c> header lists <paramref name="option"/>.</summary>
    internal bool HasConnectionOption(string option) => Headers.Exists(h =>
        string.Equals(h.Key, "Connection", StringComparison.OrdinalIgnoreCase)
        && h.Value.Split(',').Any(o => o.Trim().Equals(option, StringComparison.OrdinalIgnoreCase)));

    internal void ParseFields(List<string> lines)
    {
        for (int i = 1; i < lines.Count; i++)
        {
            int colon = lines[i].IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                throw new InvalidDataException($"bad header line '{lines[i]}'");
            }

            Headers.Add(new(lines[i][..colon], lines[i][(colon + 1)..].Trim(' ', '\t')));
        }
    }
}

/// <summary>A request head: <c>METHOD target HTTP/1.1</c> and its fields.</summary>
public sealed class ProxyRequestHead : ProxyMessageHead
{
    public ProxyRequestHead(string method, string target, string version = "HTTP/1.1")
    {
        Method = method;
        Target = target;
        Version = version;
    }

    public string Method { get; set; }

    /// <summary>The request target as received: path and query, still percent-encoded.</summary>
    public string Target { get; set; }

    public string Version { get; set; }

    public override string StartLine => $"{Method} {Target} {Version}";

    internal static ProxyRequestHead Parse(List<string> lines)
    {
        string[] parts = lines[0].Split(' ');
        if (parts.Length != 3 || !parts[2].StartsWith("HTTP/1.", StringComparison.Ordinal))
        {
            throw new InvalidDataException($"bad request line '{lines[0]}'");
        }

        var head = new ProxyRequestHead(parts[0], parts[1], parts[2]);
        head.ParseFields(lines);
        return head;
    }
}

/// <summary>A response head: <c>HTTP/1.1 status reason</c> and its fields.</summary>
public sealed class ProxyResponseHead : ProxyMessageHead
{
    public ProxyResponseHead(int statusCode, string reasonPhrase, string version = "HTTP/1.1")
    {
        StatusCode = statusCode;
        ReasonPhrase = reasonPhrase;
        Version = version;
    }

    public int StatusCode { get; set; }

    public string ReasonPhrase { get; set; }

    public string Version { get; set; }

    public override string StartLine => $"{Version} {StatusCode.ToString(CultureInfo.InvariantCulture)} {ReasonPhrase}";

    internal static ProxyResponseHead Parse(List<string> lines)
    {
        string[] parts = lines[0].Split(' ', 3);
        if (parts.Length < 2 || !parts[0].StartsWith("HTTP/1.", StringComparison.Ordinal)
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int status))
        {
            throw new InvalidDataException($"bad status line '{lines[0]}'");
        }

        var head = new ProxyResponseHead(status, parts.Length > 2 ? parts[2] : "", parts[0]);
        head.ParseFields(lines);
        return head;
    }
}

/// <summary>How a message body is delimited on the wire.</summary>
internal enum BodyFraming
{
    None,
    Length,
    Chunked,
    UntilClose,
}

/// <summary>Body framing rules (RFC 9112 section 6) and a raw, byte-faithful body copy.</summary>
internal static class HttpBody
{
    public static (BodyFraming Framing, long Length) OfRequest(ProxyRequestHead head) =>
        head.IsChunked ? (BodyFraming.Chunked, -1)
        : head.ContentLength is > 0 and long n ? (BodyFraming.Length, n)
        : (BodyFraming.None, 0);

    public static (BodyFraming Framing, long Length) OfResponse(ProxyResponseHead head, string requestMethod) =>
        requestMethod == "HEAD" || head.StatusCode is < 200 or 204 or 304 ? (BodyFraming.None, 0)
        : head.IsChunked ? (BodyFraming.Chunked, -1)
        : head.ContentLength is >= 0 and long n ? (n == 0 ? BodyFraming.None : BodyFraming.Length, n)
        : (BodyFraming.UntilClose, -1);

    /// <summary>
    /// Copies one body from <paramref name="source"/> as framed on the wire (chunk-size lines and
    /// trailers included) to <paramref name="write"/>, which returns false to stop early. True when the
    /// whole body was copied; false when <paramref name="write"/> stopped it; <see cref="EndOfStreamException"/>
    /// when the source closed early (except for a close-delimited body).
    /// </summary>
    public static async Task<bool> CopyAsync(HttpWireReader source, BodyFraming framing, long length, Func<ReadOnlyMemory<byte>, ValueTask<bool>> write, CancellationToken ct)
    {
        switch (framing)
        {
            case BodyFraming.None:
                return true;
            case BodyFraming.Length:
                return await CopyExactAsync(source, length, write, ct);
            case BodyFraming.UntilClose:
                while (true)
                {
                    var piece = await source.ReadSomeAsync(int.MaxValue, ct);
                    if (piece.IsEmpty)
                    {
                        return true;
                    }

                    if (!await write(piece))
                    {
                        return false;
                    }
                }

            default:
                while (true)
                {
                    string line = await source.ReadLineAsync(ct);
                    if (!await write(Encoding.Latin1.GetBytes(line + "\r\n")))
                    {
                        return false;
                    }

                    string size = line.Split(';')[0].Trim();
                    if (!long.TryParse(size, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out long n) || n < 0)
                    {
                        throw new InvalidDataException($"bad chunk size line '{line}'");
                    }

                    if (n == 0)
                    {
                        // Trailer fields, then the empty line that ends the body.
                        while (true)
                        {
                            string trailer = await source.ReadLineAsync(ct);
                            if (!await write(Encoding.Latin1.GetBytes(trailer + "\r\n")))
                            {
                                return false;
                            }

                            if (trailer.Length == 0)
                            {
                                return true;
                            }
                        }
                    }

                    if (!await CopyExactAsync(source, n, write, ct))
                    {
                        return false;
                    }

                    if (await source.ReadLineAsync(ct) is { Length: > 0 } junk)
                    {
                        throw new InvalidDataException($"chunk data not followed by CRLF: '{junk}'");
                    }

                    if (!await write("\r\n"u8.ToArray()))
                    {
                        return false;
                    }
                }
        }
    }

    private static async Task<bool> CopyExactAsync(HttpWireReader source, long length, Func<ReadOnlyMemory<byte>, ValueTask<bool>> write, CancellationToken ct)
    {
        for (long left = length; left > 0;)
        {
            var piece = await source.ReadSomeAsync((int)Math.Min(left, int.MaxValue), ct);
            if (piece.IsEmpty)
            {
                throw new EndOfStreamException($"the peer closed the connection {length - left} bytes into a {length}-byte body");
            }

            left -= piece.Length;
            if (!await write(piece))
            {
                return false;
            }
        }

        return true;
    }
}
