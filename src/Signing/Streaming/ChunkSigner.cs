using System.Buffers;
using Signing.Internal;

namespace Signing.Streaming;

/// <summary>
/// Signs the chunks of an <c>aws-chunked</c> body (S3 API reference, "Signature calculations for
/// the Authorization header: transferring payload in multiple chunks"), each signature chained to
/// the one before it, starting from the seed signature of the request's headers:
/// <code>
/// ChunkStringToSign   = "AWS4-HMAC-SHA256-PAYLOAD" \n AmzDate \n Scope \n Previous \n Hex(SHA256("")) \n Hex(SHA256(chunk))
/// TrailerStringToSign = "AWS4-HMAC-SHA256-TRAILER" \n AmzDate \n Scope \n Previous \n Hex(SHA256(trailer lines))
/// Signature           = Hex(HMAC-SHA256(kSigning, StringToSign))
/// </code>
/// Not thread-safe: one instance per body, used in order. Signing a chunk allocates nothing.
/// It holds no key material: each signature takes the scope's key from the signer's
/// <see cref="ISigningKeyCache"/>, so clearing the cache mid-body leaves nothing behind (the next
/// chunk derives the key again) and <see cref="SigningKeyCache.None"/> keeps nothing between chunks.
/// </summary>
public sealed class ChunkSigner : IChunkSigner
{
    private const string ChunkAlgorithm = "AWS4-HMAC-SHA256-PAYLOAD";
    private const string TrailerAlgorithm = "AWS4-HMAC-SHA256-TRAILER";
    private const int SignatureHexLength = 64;

    private readonly SigV4Core _signer; // its key cache, credentials, region and service
    private readonly string _date;
    private readonly byte[] _prefixChunk;   // "AWS4-HMAC-SHA256-PAYLOAD\n{date}\n{scope}\n"
    private readonly byte[] _prefixTrailer; // "AWS4-HMAC-SHA256-TRAILER\n{date}\n{scope}\n"
    private readonly byte[] _previous = new byte[SignatureHexLength];

    internal ChunkSigner(SigV4Core signer, ReadOnlySpan<char> amzDate, ReadOnlySpan<char> scope, ReadOnlySpan<char> seedSignature)
    {
        if (seedSignature.Length != SignatureHexLength)
        {
            ThrowHelper.Argument(nameof(seedSignature), $"seedSignature has {seedSignature.Length} chars: pass the 64-char hex signature of the request's headers.");
        }

        _signer = signer;
        _date = amzDate[..AmzDate.DateLength].ToString();
        _prefixChunk = Prefix(ChunkAlgorithm, amzDate, scope);
        _prefixTrailer = Prefix(TrailerAlgorithm, amzDate, scope);
        for (int i = 0; i < SignatureHexLength; i++)
        {
            _previous[i] = (byte)seedSignature[i];
        }
    }

    /// <summary>The last signature produced (at first, the seed), as lower-case hex.</summary>
    public string PreviousSignature => System.Text.Encoding.ASCII.GetString(_previous);

    /// <summary>Signs the next chunk (the final one is empty) and writes its 64-char hex signature.</summary>
    /// <param name="chunk">The chunk's data.</param>
    /// <param name="signature">Receives 64 lower-case hex chars, as ASCII bytes.</param>
    /// <exception cref="ArgumentException"><paramref name="signature"/> is shorter than 64 bytes.</exception>
    public void SignChunk(ReadOnlySpan<byte> chunk, Span<byte> signature)
    {
        if (signature.Length < SignatureHexLength)
        {
            ThrowHelper.Argument(nameof(signature), $"signature holds {signature.Length} bytes: pass a span of at least {SignatureHexLength} for the hex signature.");
        }

        Span<byte> stringToSign = stackalloc byte[_prefixChunk.Length + SignatureHexLength + 1 + SignatureHexLength + 1 + SignatureHexLength];
        var w = new Utf8Builder(stringToSign);
        WriteChunkStringToSign(ref w, _prefixChunk, _previous, chunk);
        Finish(w.Written, signature);
    }

    /// <summary>Signs the chunk and returns the signature as a string (allocates it).</summary>
    /// <param name="chunk">The chunk's data.</param>
    /// <returns>The 64-char hex signature.</returns>
    public string SignChunk(ReadOnlySpan<byte> chunk)
    {
        Span<byte> signature = stackalloc byte[SignatureHexLength];
        SignChunk(chunk, signature);
        return System.Text.Encoding.ASCII.GetString(signature);
    }

    /// <summary>
    /// Signs the trailing headers, after the final chunk: the hash covers each trailer as
    /// <c>name:value\n</c>, in the order sent.
    /// </summary>
    /// <param name="trailers">The trailers, such as <c>x-amz-checksum-crc32c</c>.</param>
    /// <returns>The 64-char hex trailer signature (sent as <c>x-amz-trailer-signature</c>).</returns>
    public string SignTrailer(ReadOnlySpan<HttpHeader> trailers)
    {
        Span<byte> stringToSign = stackalloc byte[_prefixTrailer.Length + SignatureHexLength + 1 + SignatureHexLength];
        var w = new Utf8Builder(stringToSign);
        WriteTrailerStringToSign(ref w, _prefixTrailer, _previous, trailers);
        Span<byte> signature = stackalloc byte[SignatureHexLength];
        Finish(w.Written, signature);
        return System.Text.Encoding.ASCII.GetString(signature);
    }

    /// <inheritdoc/>
    int IChunkSigner.SignatureLength => SignatureHexLength;

    /// <summary>
    /// A chunk's string to sign after its algorithm line, date and scope (<paramref name="prefix"/>):
    /// <c>prefix + previous signature \n Hex(SHA256("")) \n Hex(SHA256(chunk))</c>. SigV4 and SigV4a alike.
    /// </summary>
    internal static void WriteChunkStringToSign(ref Utf8Builder w, ReadOnlySpan<byte> prefix, ReadOnlySpan<byte> previous, ReadOnlySpan<byte> chunk)
    {
        w.Write(prefix);
        w.Write(previous);
        w.Write((byte)'\n');
        w.WriteAscii(Hashing.EmptySha256Hex);
        w.Write((byte)'\n');
        WriteSha256Hex(ref w, chunk);
    }

    /// <summary>The trailer's string to sign: <c>prefix + previous signature \n Hex(SHA256(trailers))</c>. SigV4 and SigV4a alike.</summary>
    internal static void WriteTrailerStringToSign(ref Utf8Builder w, ReadOnlySpan<byte> prefix, ReadOnlySpan<byte> previous, ReadOnlySpan<HttpHeader> trailers)
    {
        w.Write(prefix);
        w.Write(previous);
        w.Write((byte)'\n');
        WriteTrailerHashHex(ref w, trailers);
    }

    /// <summary>Hex(SHA256(trailer lines)): each trailer as <c>name:value\n</c> (name lower-cased, value trimmed), in the order sent.</summary>
    internal static void WriteTrailerHashHex(ref Utf8Builder w, ReadOnlySpan<HttpHeader> trailers)
    {
        int length = 0;
        foreach (var t in trailers)
        {
            Validate.HeaderName(t.Name);
            Validate.HeaderValue(t.Name, t.Value);
            length += t.Name.Length + t.Value.Length + 2;
        }

        byte[] lines = ArrayPool<byte>.Shared.Rent(Math.Max(1, length));
        try
        {
            var l = new Utf8Builder(lines);
            foreach (var t in trailers)
            {
                l.WriteLowerAscii(t.Name);
                l.Write((byte)':');
                l.WriteAscii(t.Value.AsSpan().Trim(" \t"));
                l.Write((byte)'\n');
            }

            WriteSha256Hex(ref w, l.Written);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(lines);
        }
    }

    /// <summary>Shows nothing secret.</summary>
    public override string ToString() => "ChunkSigner";

    private void Finish(ReadOnlySpan<byte> stringToSign, Span<byte> signature)
    {
        Span<byte> mac = stackalloc byte[Hashing.Sha256Length];
        SigningKey.Sign(_signer.KeyCache, _signer.Credentials, _date, _signer.Region!, _signer.Service, stringToSign, mac);
        AsciiText.ToHexLower(mac, _previous);
        _previous.CopyTo(signature);
    }

    internal static void WriteSha256Hex(ref Utf8Builder w, ReadOnlySpan<byte> data)
    {
        Span<byte> hash = stackalloc byte[Hashing.Sha256Length];
        Hashing.Sha256(data, hash);
        Span<byte> hex = stackalloc byte[SignatureHexLength];
        AsciiText.ToHexLower(hash, hex);
        w.Write(hex);
    }

    /// <summary>A chunk or trailer string to sign's fixed start: <c>algorithm \n AmzDate \n Scope \n</c>. SigV4 and SigV4a alike.</summary>
    internal static byte[] Prefix(string algorithm, ReadOnlySpan<char> amzDate, ReadOnlySpan<char> scope)
    {
        var bytes = new byte[algorithm.Length + 1 + amzDate.Length + 1 + scope.Length + 1];
        var w = new Utf8Builder(bytes);
        w.WriteAscii(algorithm);
        w.Write((byte)'\n');
        w.WriteAscii(amzDate);
        w.Write((byte)'\n');
        w.WriteAscii(scope);
        w.Write((byte)'\n');
        return bytes;
    }
}
