namespace Signing.Internal;

/// <summary>
/// The <c>X-Amz-*</c> query parameters of a SigV4 presigned URL, written once for both places they
/// go: the canonical query (where they are signed) and the URL (where they are sent), so the two
/// cannot differ. Written in the order they sort in (the canonical query's), each value encoded
/// as the canonical query encodes it:
/// <code>
/// X-Amz-Algorithm=AWS4-HMAC-SHA256&amp;X-Amz-Credential=AKID%2Fscope&amp;X-Amz-Date=...&amp;X-Amz-Expires=...
/// [&amp;X-Amz-Security-Token=...]&amp;X-Amz-SignedHeaders=host%3Bx-amz-...
/// </code>
/// The URL then gets <c>&amp;X-Amz-Signature=</c> (and an unsigned token, when appended after signing).
/// </summary>
internal static class PresignParameters
{
    /// <summary>How many parameters <see cref="WriteSigned"/> writes at most.</summary>
    public const int SignedCount = 6;

    /// <summary>The signed parameters, <c>&amp;</c>-separated.</summary>
    public static void WriteSigned(ref Utf8Builder w, scoped in SigV4Parts parts, scoped ReadOnlySpan<byte> signedHeaders)
    {
        w.Write("X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential="u8);
        UriEncoding.EncodeAsIs(ref w, parts.AccessKeyId, keepSlash: false);
        w.WritePercentEncoded((byte)'/');
        UriEncoding.EncodeAsIs(ref w, parts.Scope, keepSlash: false);
        w.Write("&X-Amz-Date="u8);
        w.WriteAscii(parts.AmzDate); // digits, 'T' and 'Z': encoded as themselves
        w.Write("&X-Amz-Expires="u8);
        w.WriteDecimal(parts.ExpiresSeconds);
        if (!parts.SignedSessionToken.IsEmpty)
        {
            w.Write("&X-Amz-Security-Token="u8);
            UriEncoding.EncodeAsIs(ref w, parts.SignedSessionToken, keepSlash: false);
        }

        w.Write("&X-Amz-SignedHeaders="u8);
        foreach (byte b in signedHeaders)
        {
            if (UriEncoding.IsUnreserved(b))
            {
                w.Write(b);
            }
            else
            {
                w.WritePercentEncoded(b);
            }
        }
    }

    /// <summary>What follows the signed parameters in the URL: the signature, then the token when it is appended unsigned.</summary>
    public static void WriteSignature(ref Utf8Builder w, scoped ReadOnlySpan<byte> signature, string? appendedToken)
    {
        w.Write("&X-Amz-Signature="u8);
        w.WriteHexLower(signature);
        if (appendedToken is not null)
        {
            w.Write("&X-Amz-Security-Token="u8);
            UriEncoding.EncodeAsIs(ref w, appendedToken, keepSlash: false);
        }
    }
}
