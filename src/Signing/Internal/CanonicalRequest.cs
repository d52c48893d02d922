using System.Buffers;

namespace Signing.Internal;

/// <summary>
/// Writes the SigV4 canonical request (AWS SigV4 docs, "Create a canonical request"):
/// <code>
/// Method \n CanonicalURI \n CanonicalQueryString \n CanonicalHeaders \n SignedHeaders \n HashedPayload
/// </code>
/// Zero heap allocation for requests that fit the builders' stack starts; larger ones use pooled arrays.
/// </summary>
internal static partial class CanonicalRequest
{
    /// <summary>
    /// The most path and query chars signed: their worst-case encoding (9 bytes a char) stays well
    /// inside an array. Servers refuse URLs a thousand times shorter.
    /// </summary>
    public const int MaxTargetChars = 100_000_000;

    /// <summary>
    /// Validates the request and writes its canonical request into <paramref name="canonical"/>.
    /// </summary>
    /// <returns>Where the signed-headers list (<c>host;x-amz-date</c>) is in what was written.</returns>
    public static Range Write(scoped in HttpRequestView request, scoped in SigV4Parts parts, ref Utf8Builder canonical)
    {
        ValidateTarget(request, parts.Names);
        Validate.PayloadHash(request.PayloadHash);
        if ((long)request.Path.Length + request.Query.Length > MaxTargetChars)
        {
            ThrowHelper.Argument("request", $"The request's path and query hold {(long)request.Path.Length + request.Query.Length} chars: at most {MaxTargetChars} can be signed; shorten them.");
        }

        int capacity = request.Headers.Length + AddedHeaderCount;
        HeaderEntry[]? rented = capacity <= StackHeaders ? null : ArrayPool<HeaderEntry>.Shared.Rent(capacity);
        Span<HeaderEntry> headers = rented ?? stackalloc HeaderEntry[StackHeaders];
        var names = new Utf8Builder(stackalloc byte[Utf8Builder.PieceStackBytes]);
        try
        {
            // The headers to sign, sorted, and their names (host;x-amz-date), needed first by a presigned URL's query.
            headers = headers[..CollectHeaders(request, parts, headers, ref names, out var payloadHash)];
            SortHeaders(headers, names.Written);
            int listStart = names.Length;
            WriteSignedHeaders(ref names, headers);
            var signedHeaders = names.Written[listStart..];

            canonical.WriteAscii(request.Method);
            canonical.Write((byte)'\n');
            WritePath(ref canonical, request.Path, parts.Options);
            canonical.Write((byte)'\n');
            WriteQuery(ref canonical, request.Query, parts, signedHeaders);
            canonical.Write((byte)'\n');
            WriteHeaders(ref canonical, request, parts, headers, names.Written, payloadHash);
            canonical.Write((byte)'\n');
            int start = canonical.Length;
            canonical.Write(signedHeaders);
            int end = canonical.Length;
            canonical.Write((byte)'\n');
            canonical.WriteAscii(payloadHash);
            return start..end;
        }
        finally
        {
            names.Dispose();
            if (rented is not null)
            {
                ArrayPool<HeaderEntry>.Shared.Return(rented);
            }
        }
    }

    /// <summary>Validates the method, path and query (SigV4 and SigV2); what is bad is reported against <paramref name="names"/> (default the view).</summary>
    internal static void ValidateTarget(scoped in HttpRequestView request, ArgumentNames? names = null)
    {
        names ??= ArgumentNames.View;
        Validate.Method(request.Method, names.Method);
        Validate.Path(request.Path, names.Target);
        Validate.Query(request.Query, names.Target);
    }

    /// <summary>
    /// The payload hash line: the request's own value, else an <c>x-amz-content-sha256</c> header,
    /// else <c>UNSIGNED-PAYLOAD</c> for an S3 presigned URL, else the SHA-256 of an empty body.
    /// </summary>
    private static ReadOnlySpan<char> ResolvePayloadHash(scoped in HttpRequestView request, scoped in SigV4Parts parts, ReadOnlySpan<char> headerValue)
    {
        if (!request.PayloadHash.IsEmpty)
        {
            return request.PayloadHash;
        }

        var trimmed = headerValue.Trim(" \t");
        if (!trimmed.IsEmpty)
        {
            return trimmed;
        }

        return parts.Presign && parts.Options.ContentSha256Header == ContentSha256Header.Include
            ? SigV4Constants.UnsignedPayload
            : Hashing.EmptySha256Hex;
    }
}
