using System.Buffers;

namespace Signing.Internal;

/// <summary>
/// Writes the SigV4 canonical request (AWS SigV4 docs, "Create a canonical request"):
/// <code>
/// Method \n CanonicalURI \n CanonicalQueryString \n CanonicalHeaders \n SignedHeaders \n HashedPayload
/// </code>
/// Zero heap allocation: work areas are stack or pooled buffers.
/// </summary>
internal static partial class CanonicalRequest
{
    private const int StackLimit = 1024;

    /// <summary>An upper bound of the canonical request's length in bytes, so one buffer is enough.</summary>
    public static int MaxLength(scoped in HttpRequestView request, scoped in SigV4Parts parts)
    {
        long n = request.Method.Length + 4L + UriEncoding.MaxEncodedLength(Math.Max(1, request.Path.Length))
            + MaxQueryLength(request, parts) + MaxHeadersLength(request, parts) + (2L * MaxSignedHeadersLength(request))
            + Math.Max(64, request.PayloadHash.Length) + 64;
        foreach (var h in request.Headers)
        {
            if (h.Name is not null && string.Equals(h.Name, "x-amz-content-sha256", StringComparison.OrdinalIgnoreCase))
            {
                n += h.Value?.Length ?? 0;
            }
        }

        return n > int.MaxValue / 2 ? throw new ArgumentException("The request is too large to sign.", nameof(request)) : (int)n;
    }

    /// <summary>Writes the canonical request and the signed-headers list (<c>host;x-amz-date</c>).</summary>
    /// <returns>False only when a destination is too short.</returns>
    public static bool TryWrite(
        scoped in HttpRequestView request,
        scoped in SigV4Parts parts,
        Span<byte> destination,
        out int written,
        Span<byte> signedHeaders,
        out int signedHeadersLength)
    {
        Validate.Method(request.Method);
        Validate.Path(request.Path);
        Validate.Query(request.Query);
        Validate.PayloadHash(request.PayloadHash);

        int capacity = request.Headers.Length + 4;
        int[]? rented = null;
        Span<int> order = capacity <= 64 ? stackalloc int[64] : (rented = ArrayPool<int>.Shared.Rent(capacity));
        try
        {
            int count = CollectHeaders(request, parts, order, out ReadOnlySpan<char> payloadHash);
            order = order[..count];

            var signedWriter = new SpanWriter(signedHeaders);
            WriteSignedHeaders(ref signedWriter, request, order);
            signedHeadersLength = signedWriter.Length;

            var w = new SpanWriter(destination);
            w.WriteAscii(request.Method);
            w.Write((byte)'\n');
            WritePath(ref w, request.Path, parts.Options);
            w.Write((byte)'\n');
            WriteQuery(ref w, request, parts, signedWriter.Written);
            w.Write((byte)'\n');
            WriteHeaders(ref w, request, parts, order, payloadHash);
            w.Write((byte)'\n');
            w.Write(signedWriter.Written);
            w.Write((byte)'\n');
            w.WriteAscii(payloadHash);
            written = w.Length;
            return !w.Overflowed && !signedWriter.Overflowed;
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<int>.Shared.Return(rented);
            }
        }
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
