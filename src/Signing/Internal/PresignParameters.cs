using System.Buffers;
using System.Text;

namespace Signing.Internal;

/// <summary>
/// The <c>X-Amz-*</c> query parameters of a SigV4 presigned URL, written once for both places they
/// go: the canonical query (where they are signed) and the URL (where they are sent), so the two
/// cannot differ. Written in the order they sort in (the canonical query's), each value encoded
/// as the canonical query encodes it:
/// <code>
/// X-Amz-Algorithm=AWS4-HMAC-SHA256&amp;X-Amz-Credential=AKID%2Fscope&amp;X-Amz-Date=...&amp;X-Amz-Expires=...
/// [&amp;X-Amz-Region-Set=...][&amp;X-Amz-Security-Token=...]&amp;X-Amz-SignedHeaders=host%3Bx-amz-...
/// </code>
/// The URL then gets <c>&amp;X-Amz-Signature=</c> (and an unsigned token, when appended after signing).
/// </summary>
internal static class PresignParameters
{
    /// <summary>How many parameters <see cref="WriteSigned"/> writes at most.</summary>
    public const int SignedCount = 7;

    /// <summary>The signed parameters, <c>&amp;</c>-separated.</summary>
    public static void WriteSigned(ref Utf8Builder w, scoped in SigV4Parts parts, scoped ReadOnlySpan<byte> signedHeaders)
    {
        w.Write(parts.RegionSet.IsEmpty ? "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential="u8 : "X-Amz-Algorithm=AWS4-ECDSA-P256-SHA256&X-Amz-Credential="u8);
        UriEncoding.EncodeAsIs(ref w, parts.AccessKeyId, keepSlash: false);
        w.WritePercentEncoded((byte)'/');
        UriEncoding.EncodeAsIs(ref w, parts.Scope, keepSlash: false);
        w.Write("&X-Amz-Date="u8);
        w.WriteAscii(parts.AmzDate); // digits, 'T' and 'Z': encoded as themselves
        w.Write("&X-Amz-Expires="u8);
        w.WriteDecimal(parts.ExpiresSeconds);
        if (!parts.RegionSet.IsEmpty)
        {
            w.Write("&X-Amz-Region-Set="u8); // SigV4a; sorts between Expires and Security-Token
            UriEncoding.EncodeAsIs(ref w, parts.RegionSet, keepSlash: false);
        }
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

    /// <summary>
    /// The presigned URL or target: <paramref name="origin"/> (<c>scheme://host</c>, or empty), the
    /// path, the request's own query verbatim less the presigner's own parameters, then
    /// <paramref name="parameters"/> (the X-Amz-* ones, signature included). One string.
    /// </summary>
    public static string Url(scoped ReadOnlySpan<char> origin, scoped in HttpRequestView request, scoped ReadOnlySpan<byte> parameters, bool regionSet)
    {
        var path = request.Path.IsEmpty ? "/".AsSpan() : request.Path;
        char[] chars = ArrayPool<char>.Shared.Rent(origin.Length + path.Length + 1 + request.Query.Length + 1 + parameters.Length);
        try
        {
            origin.CopyTo(chars);
            int n = origin.Length;
            path.CopyTo(chars.AsSpan(n));
            n += path.Length;
            chars[n++] = '?';
            foreach (var pair in new QueryPairs(request.Query))
            {
                if (!CanonicalRequest.IsPresignParameterKey(pair.Key, regionSet))
                {
                    pair.Pair.CopyTo(chars.AsSpan(n));
                    n += pair.Pair.Length;
                    chars[n++] = '&';
                }
            }

            n += Encoding.ASCII.GetChars(parameters, chars.AsSpan(n));
            return new string(chars, 0, n);
        }
        finally
        {
            ArrayPool<char>.Shared.Return(chars);
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
