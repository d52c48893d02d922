using System.Runtime.CompilerServices;

namespace Signing.Internal;

/// <summary>
/// Writes ASCII/UTF-8 bytes into a fixed span. On overflow it stops writing and
/// <see cref="Overflowed"/> becomes true, so a whole composition is checked once at the end.
/// </summary>
internal ref struct SpanWriter
{
    private readonly Span<byte> _buffer;
    private int _position;

    public SpanWriter(Span<byte> buffer)
    {
        _buffer = buffer;
        _position = 0;
        Overflowed = false;
    }

    public bool Overflowed { get; private set; }

    public readonly int Length => _position;

    public readonly ReadOnlySpan<byte> Written => _buffer[.._position];

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Write(byte b)
    {
        if ((uint)_position < (uint)_buffer.Length)
        {
            _buffer[_position++] = b;
        }
        else
        {
            Overflowed = true;
        }
    }

    public void Write(scoped ReadOnlySpan<byte> bytes)
    {
        if (bytes.TryCopyTo(_buffer[_position..]))
        {
            _position += bytes.Length;
        }
        else
        {
            Overflowed = true;
        }
    }

    /// <summary>Writes chars known to be ASCII (validated earlier), one byte each.</summary>
    public void WriteAscii(scoped ReadOnlySpan<char> chars)
    {
        if (chars.Length > _buffer.Length - _position)
        {
            Overflowed = true;
            return;
        }

        var dest = _buffer.Slice(_position, chars.Length);
        if (System.Text.Ascii.FromUtf16(chars, dest, out _) != System.Buffers.OperationStatus.Done)
        {
            NarrowEach(chars, dest);
        }

        _position += chars.Length;
    }

    /// <summary>Writes chars as UTF-8 (a lone surrogate as U+FFFD, as <see cref="System.Text.Encoding.UTF8"/> does).</summary>
    public void WriteUtf8(scoped ReadOnlySpan<char> chars)
    {
        if (System.Text.Encoding.UTF8.TryGetBytes(chars, _buffer[_position..], out int written))
        {
            _position += written;
        }
        else
        {
            Overflowed = true;
        }
    }

    /// <summary>Writes ASCII chars lower-cased.</summary>
    public void WriteLowerAscii(scoped ReadOnlySpan<char> chars)
    {
        if (chars.Length > _buffer.Length - _position)
        {
            Overflowed = true;
            return;
        }

        var dest = _buffer.Slice(_position, chars.Length);
        if (System.Text.Ascii.ToLower(chars, dest, out _) != System.Buffers.OperationStatus.Done)
        {
            for (int i = 0; i < chars.Length; i++)
            {
                dest[i] = (byte)AsciiText.ToLower(chars[i]);
            }
        }

        _position += chars.Length;
    }

    // The vectorized narrowing stops at the first non-ASCII char; callers validate first, so this
    // only keeps the old byte-per-char result for a char that slipped through.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void NarrowEach(scoped ReadOnlySpan<char> chars, Span<byte> dest)
    {
        for (int i = 0; i < chars.Length; i++)
        {
            dest[i] = (byte)chars[i];
        }
    }

    /// <summary>Writes a byte as two upper-case hex digits after '%'.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void WritePercentEncoded(byte b)
    {
        if (_position + 3 <= _buffer.Length)
        {
            _buffer[_position] = (byte)'%';
            _buffer[_position + 1] = AsciiText.HexUpper[b >> 4];
            _buffer[_position + 2] = AsciiText.HexUpper[b & 0xF];
            _position += 3;
        }
        else
        {
            Overflowed = true;
        }
    }
}
