using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text;

namespace Signing.Internal;

/// <summary>
/// Builds ASCII/UTF-8 bytes: starts on a caller's (usually <c>stackalloc</c>'d) span and, when that
/// is full, moves to a larger array from <see cref="ArrayPool{T}.Shared"/>; <see cref="Dispose"/>
/// returns it (the <c>ValueStringBuilder</c> pattern). No length has to be computed in advance.
/// Use it with <c>using</c> (or call <see cref="Dispose"/>) whenever it may outgrow its start.
/// </summary>
internal ref struct Utf8Builder
{
    /// <summary>Stack start for a canonical request or a string to sign: holds typical requests whole.</summary>
    public const int RequestStackBytes = 1024;

    /// <summary>Stack start for smaller pieces: lower-cased header names and the signed-headers list, a query's encoded pairs, an Authorization value.</summary>
    public const int PieceStackBytes = 512;

    private byte[]? _rented;
    private Span<byte> _bytes;
    private int _length;

    public Utf8Builder(Span<byte> initial)
    {
        _bytes = initial;
        _rented = null;
        _length = 0;
    }

    public readonly int Length => _length;

    public readonly ReadOnlySpan<byte> Written => _bytes[.._length];

    /// <summary>The bytes written from <paramref name="start"/> on.</summary>
    public readonly ReadOnlySpan<byte> Slice(int start, int length) => _bytes.Slice(start, length);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Write(byte b)
    {
        if ((uint)_length < (uint)_bytes.Length)
        {
            _bytes[_length++] = b;
        }
        else
        {
            GrowAndWrite(b);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Write(scoped ReadOnlySpan<byte> bytes)
    {
        if (bytes.TryCopyTo(_bytes[_length..]))
        {
            _length += bytes.Length;
        }
        else
        {
            GrowAndWrite(bytes);
        }
    }

    /// <summary>Writes chars known to be ASCII (validated earlier), one byte each.</summary>
    public void WriteAscii(scoped ReadOnlySpan<char> chars)
    {
        var dest = Reserve(chars.Length);
        if (Ascii.FromUtf16(chars, dest, out _) != OperationStatus.Done)
        {
            NarrowEach(chars, dest);
        }
    }

    /// <summary>Writes ASCII chars lower-cased.</summary>
    public void WriteLowerAscii(scoped ReadOnlySpan<char> chars)
    {
        var dest = Reserve(chars.Length);
        if (Ascii.ToLower(chars, dest, out _) != OperationStatus.Done)
        {
            for (int i = 0; i < chars.Length; i++)
            {
                dest[i] = (byte)AsciiText.ToLower(chars[i]);
            }
        }
    }

    /// <summary>Writes chars as UTF-8 (a lone surrogate as U+FFFD, as <see cref="Encoding.UTF8"/> does).</summary>
    public void WriteUtf8(scoped ReadOnlySpan<char> chars)
    {
        if (Ascii.FromUtf16(chars, _bytes[_length..], out int written) == OperationStatus.Done)
        {
            _length += written; // ASCII, and it fitted: the common case, one vectorized copy
            return;
        }

        var dest = Reserve(Encoding.UTF8.GetMaxByteCount(chars.Length));
        int n = Encoding.UTF8.GetBytes(chars, dest);
        _length -= dest.Length - n;
    }

    /// <summary>Writes a byte as <c>%</c> and two upper-case hex digits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void WritePercentEncoded(byte b)
    {
        var dest = Reserve(3);
        dest[0] = (byte)'%';
        dest[1] = AsciiText.HexUpper[b >> 4];
        dest[2] = AsciiText.HexUpper[b & 0xF];
    }

    /// <summary>Writes bytes as lower-case hex, two digits each.</summary>
    public void WriteHexLower(scoped ReadOnlySpan<byte> bytes) => AsciiText.ToHexLower(bytes, Reserve(2 * bytes.Length));

    /// <summary>Writes a non-negative number in decimal.</summary>
    public void WriteDecimal(long value)
    {
        Span<byte> digits = stackalloc byte[20];
        System.Buffers.Text.Utf8Formatter.TryFormat(value, digits, out int n);
        Write(digits[..n]);
    }

    /// <summary>
    /// Makes room for <paramref name="length"/> bytes at the end and counts them as written: the caller
    /// fills the returned span (or gives unused bytes back with <see cref="Truncate"/>).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Span<byte> Reserve(int length)
    {
        if ((uint)length > (uint)(_bytes.Length - _length))
        {
            Grow(length);
        }

        var span = _bytes.Slice(_length, length);
        _length += length;
        return span;
    }

    /// <summary>Drops what was written after the first <paramref name="length"/> bytes.</summary>
    public void Truncate(int length) => _length = length;

    /// <summary>Returns the pooled array, if one was taken. The builder must not be used afterwards.</summary>
    public void Dispose()
    {
        byte[]? rented = _rented;
        this = default;
        if (rented is not null)
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    // The vectorized narrowing stops at the first non-ASCII char; callers validate first, so this
    // only keeps the byte-per-char result for a char that slipped through.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void NarrowEach(scoped ReadOnlySpan<char> chars, Span<byte> dest)
    {
        for (int i = 0; i < chars.Length; i++)
        {
            dest[i] = (byte)chars[i];
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void GrowAndWrite(byte b)
    {
        Grow(1);
        _bytes[_length++] = b;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void GrowAndWrite(scoped ReadOnlySpan<byte> bytes)
    {
        Grow(bytes.Length);
        bytes.CopyTo(_bytes[_length..]);
        _length += bytes.Length;
    }

    /// <summary>Moves to a pooled array with room for <paramref name="more"/> bytes after what is written (at least double).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void Grow(int more)
    {
        long needed = (long)_length + (uint)more; // a negative request (an overflowed size) counts as huge
        if (needed > Array.MaxLength)
        {
            ThrowHelper.Argument("request", "The request is too large to sign: shorten its path, query or headers.");
        }

        int size = (int)Math.Min(Math.Max(needed, 2L * _bytes.Length), Array.MaxLength);
        byte[] next = ArrayPool<byte>.Shared.Rent(size);
        _bytes[.._length].CopyTo(next);
        byte[]? previous = _rented;
        _bytes = _rented = next;
        if (previous is not null)
        {
            ArrayPool<byte>.Shared.Return(previous);
        }
    }
}
