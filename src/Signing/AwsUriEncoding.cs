using System.Text;
using Signing.Internal;

namespace Signing;

/// <summary>
/// Percent-encoding as SigV4 defines it (RFC 3986): every byte of the UTF-8 form is written
/// <c>%XY</c> (upper-case hex) but the unreserved characters <c>A-Z a-z 0-9 - . _ ~</c>, and with
/// <c>keepSlash</c> the <c>/</c> of an S3 key. What the signer signs, so URLs built with it go on
/// the wire and into the canonical request alike.
/// </summary>
public static class AwsUriEncoding
{
    /// <summary>The longest value <see cref="Encode"/> takes: 64 Mi chars (an encoded char is at most 9).</summary>
    public const int MaxValueLength = 64 * 1024 * 1024;

    /// <summary>Encodes <paramref name="value"/>.</summary>
    /// <param name="value">The text, such as an S3 key or a query value.</param>
    /// <param name="keepSlash">Keep <c>/</c> as it is (S3 keys in a path); otherwise it is <c>%2F</c>.</param>
    /// <returns>The encoded text.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="value"/> is longer than <see cref="MaxValueLength"/>.</exception>
    public static string Encode(ReadOnlySpan<char> value, bool keepSlash = false)
    {
        CheckLength(value);
        return UriEncoding.Encode(value, keepSlash);
    }

    /// <summary>Encodes <paramref name="value"/> into <paramref name="destination"/>, allocating nothing.</summary>
    /// <param name="value">The text.</param>
    /// <param name="destination">Receives the encoded text.</param>
    /// <param name="charsWritten">The chars written; 0 when <paramref name="destination"/> is too short.</param>
    /// <param name="keepSlash">Keep <c>/</c> as it is.</param>
    /// <returns>False when <paramref name="destination"/> is too short (up to 9 chars per char of <paramref name="value"/> may be needed).</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="value"/> is longer than <see cref="MaxValueLength"/>.</exception>
    public static bool TryEncode(ReadOnlySpan<char> value, Span<char> destination, out int charsWritten, bool keepSlash = false)
    {
        CheckLength(value);
        charsWritten = 0;
        var writer = new Utf8Builder(stackalloc byte[Utf8Builder.PieceStackBytes]);
        try
        {
            UriEncoding.EncodeAsIs(ref writer, value, keepSlash);
            if (writer.Length > destination.Length)
            {
                return false;
            }

            charsWritten = Encoding.ASCII.GetChars(writer.Written, destination);
            return true;
        }
        finally
        {
            writer.Dispose();
        }
    }
    /// <summary>
    /// Decodes valid <c>%XY</c> escapes (other text, and a <c>%</c> not followed by two hex digits,
    /// stays as it is) and reads the bytes as UTF-8, as S3 encodes keys in listings (<c>encoding-type=url</c>).
    /// </summary>
    /// <param name="value">The encoded text.</param>
    /// <param name="plusIsSpace">Also read <c>+</c> as a space (HTML form encoding).</param>
    /// <returns>The decoded text.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="value"/> is longer than <see cref="MaxValueLength"/>.</exception>
    public static string Decode(ReadOnlySpan<char> value, bool plusIsSpace = false)
    {
        CheckLength(value);
        return UriEncoding.Decode(value, plusIsSpace);
    }

    private static void CheckLength(ReadOnlySpan<char> value)
    {
        if (value.Length > MaxValueLength)
        {
            ThrowHelper.OutOfRange(nameof(value), value.Length, $"value of {value.Length} chars is too long: pass at most {MaxValueLength}.");
        }
    }
}
