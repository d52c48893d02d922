using System.Buffers;
using Signing.Internal;

namespace Signing.Streaming;

/// <summary>
/// The signature chain of an <c>aws-chunked</c> body, for <see cref="ChunkSigner"/> (SigV4) and
/// <see cref="SigV4aChunkSigner"/> (SigV4a) alike: the strings to sign (the same framing, differing
/// only by the algorithm names and the scope), each signed by the signer's core (HMAC with the
/// scope's key, or ECDSA), as hex, padded with <c>*</c> to <see cref="_width"/> when shorter (SigV4a).
/// </summary>
internal sealed class ChunkChain
{
    /// <summary>What a seed signature may hold (both algorithms send lower-case hex).</summary>
    internal static readonly System.Buffers.SearchValues<char> LowerHex = System.Buffers.SearchValues.Create("0123456789abcdef");

    private readonly SigV4Core _signer;
    private readonly string _date;          // the scope date, yyyyMMdd: which SigV4 key signs
    private readonly byte[] _prefixChunk;   // "{chunk algorithm}\n{AmzDate}\n{scope}\n"
    private readonly byte[] _prefixTrailer; // "{trailer algorithm}\n{AmzDate}\n{scope}\n"
    private readonly byte[] _previous;      // the previous signature, hex, without padding
    private readonly int _width;
    private int _previousLength;

    public ChunkChain(SigV4Core signer, string chunkAlgorithm, string trailerAlgorithm, ReadOnlySpan<char> amzDate, ReadOnlySpan<char> scope, ReadOnlySpan<char> seed, int width)
    {
        _signer = signer;
        _date = amzDate[..AmzDate.DateLength].ToString();
        _prefixChunk = Prefix(chunkAlgorithm, amzDate, scope);
        _prefixTrailer = Prefix(trailerAlgorithm, amzDate, scope);
        _width = width;
        _previous = new byte[width];
        for (int i = 0; i < seed.Length; i++)
        {
            _previous[i] = (byte)seed[i];
        }

        _previousLength = seed.Length;
    }

    public string PreviousSignature => System.Text.Encoding.ASCII.GetString(_previous, 0, _previousLength);

    /// <summary>
    /// Signs the next chunk: <c>prefix + previous signature \n Hex(SHA256("")) \n Hex(SHA256(chunk))</c>;
    /// writes the signature as sent (<see cref="_width"/> bytes).
    /// </summary>
    public void SignChunk(ReadOnlySpan<byte> chunk, Span<byte> signature)
    {
        if (signature.Length < _width)
        {
            ThrowHelper.Argument(nameof(signature), $"signature holds {signature.Length} bytes: pass a span of at least {_width} for the {(_width > Hashing.Sha256HexLength ? "padded " : string.Empty)}hex signature.");
        }

        Span<byte> stringToSign = stackalloc byte[_prefixChunk.Length + _width + 1 + Hashing.Sha256HexLength + 1 + Hashing.Sha256HexLength];
        var w = new Utf8Builder(stringToSign);
        w.Write(_prefixChunk);
        w.Write(_previous.AsSpan(0, _previousLength));
        w.Write((byte)'\n');
        w.WriteAscii(Hashing.EmptySha256Hex);
        w.Write((byte)'\n');
        WriteSha256Hex(ref w, chunk);
        Finish(w.Written, signature);
    }

    public string SignChunk(ReadOnlySpan<byte> chunk)
    {
        Span<byte> signature = stackalloc byte[_width];
        SignChunk(chunk, signature);
        return System.Text.Encoding.ASCII.GetString(signature);
    }

    /// <summary>Signs the trailers: <c>prefix + previous signature \n Hex(SHA256(trailer lines))</c>; returns the signature as sent.</summary>
    public string SignTrailer(ReadOnlySpan<HttpHeader> trailers)
    {
        Span<byte> stringToSign = stackalloc byte[_prefixTrailer.Length + _width + 1 + Hashing.Sha256HexLength];
        var w = new Utf8Builder(stringToSign);
        w.Write(_prefixTrailer);
        w.Write(_previous.AsSpan(0, _previousLength));
        w.Write((byte)'\n');
        WriteTrailerHashHex(ref w, trailers);
        Span<byte> signature = stackalloc byte[_width];
        Finish(w.Written, signature);
        return System.Text.Encoding.ASCII.GetString(signature);
    }

    /// <summary>Hex(SHA256(trailer lines)): each trailer as <c>name:value\n</c> (name lower-cased, value trimmed), in the order sent.</summary>
    private static void WriteTrailerHashHex(ref Utf8Builder w, ReadOnlySpan<HttpHeader> trailers)
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

    /// <summary>The signature of the string to sign becomes the previous one, and is written as sent: hex, then <c>*</c> up to the width.</summary>
    private void Finish(ReadOnlySpan<byte> stringToSign, Span<byte> signature)
    {
        Span<byte> raw = stackalloc byte[SigV4Core.MaxSignatureLength];
        int length = _signer.SignStringToSign(_date, stringToSign, raw);
        AsciiText.ToHexLower(raw[..length], _previous);
        _previousLength = 2 * length;
        _previous.AsSpan(0, _previousLength).CopyTo(signature);
        signature[_previousLength.._width].Fill((byte)SigV4aChunkSigner.Padding);
    }

    private static void WriteSha256Hex(ref Utf8Builder w, ReadOnlySpan<byte> data)
    {
        Span<byte> hash = stackalloc byte[Hashing.Sha256Length];
        Hashing.Sha256(data, hash);
        w.WriteHexLower(hash);
    }

    /// <summary>A chunk or trailer string to sign's fixed start: <c>algorithm \n AmzDate \n Scope \n</c>.</summary>
    private static byte[] Prefix(string algorithm, ReadOnlySpan<char> amzDate, ReadOnlySpan<char> scope)
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
