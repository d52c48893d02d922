using System.Buffers;
using Signing.Internal;

namespace Signing;

public sealed partial class SigV4Signer
{
    /// <summary>
    /// Presigns a request: returns the request target (path and query) carrying the signature in
    /// <c>X-Amz-*</c> query parameters, appended to the request's own query as given. Only the
    /// headers in <paramref name="request"/> (at least <c>Host</c>) are signed; a client must send
    /// them unchanged (for a PUT, bind <c>Content-Type</c> by including it). With S3 rules the
    /// payload is <c>UNSIGNED-PAYLOAD</c> unless <see cref="HttpRequestView.PayloadHash"/> says otherwise.
    /// Allocates only the returned string.
    /// </summary>
    /// <param name="request">The request to presign.</param>
    /// <param name="expires">How long the URL stays valid: 1 second to 7 days.</param>
    /// <param name="timestamp">The signing time (the URL is valid from then).</param>
    /// <returns>The signed request target, such as <c>/key?X-Amz-Algorithm=...&amp;X-Amz-Signature=...</c>.</returns>
    public string PresignTarget(in HttpRequestView request, TimeSpan expires, DateTimeOffset timestamp) =>
        PresignCore(request, expires, timestamp, default);

    /// <summary>The presigned target, after <paramref name="origin"/> (<c>scheme://host</c>, or empty): one string.</summary>
    private string PresignCore(in HttpRequestView request, TimeSpan expires, DateTimeOffset timestamp, scoped ReadOnlySpan<char> origin)
    {
        long seconds = CheckExpires(expires);
        Span<char> amzDate = stackalloc char[AmzDate.Length];
        Span<char> scope = stackalloc char[ScopeLength];
        var parts = MakeParts(timestamp, amzDate, scope, presign: true, seconds);
        Span<byte> signature = stackalloc byte[Hashing.Sha256Length];
        int maxSigned = SignedHeadersBufferLength(request);
        string? appendedToken = Credentials.SessionToken is not null && Options.SessionToken == SessionTokenSigning.AppendedAfterSigning ? Credentials.SessionToken : null;
        long paramsBound = 256 + UriEncoding.MaxEncodedLength(Credentials.AccessKeyId.Length + scope.Length + (2 * (Credentials.SessionToken?.Length ?? 0))) + (3L * maxSigned);
        if (paramsBound + request.Path.Length + request.Query.Length > Array.MaxLength / 2)
        {
            ThrowHelper.Argument(nameof(request), "The request is too large to presign: shorten its path, query or headers.");
        }

        int maxParams = (int)paramsBound;
        byte[] bytes = ArrayPool<byte>.Shared.Rent(maxSigned + maxParams);
        char[] chars = ArrayPool<char>.Shared.Rent(origin.Length + request.Path.Length + request.Query.Length + 2 + maxParams);
        try
        {
            var signedHeaders = bytes.AsSpan(0, maxSigned);
            Compute(request, parts, signature, signedHeaders, out int signedLength, explain: false, out _);

            // The URL: the origin when asked, the path, the request's own query verbatim, then the X-Amz-* parameters.
            origin.CopyTo(chars);
            int n = origin.Length;

            var path = request.Path.IsEmpty ? "/".AsSpan() : request.Path;
            path.CopyTo(chars.AsSpan(n));
            n += path.Length;
            chars[n++] = '?';
            bool first = true;
            foreach (var pair in new QueryPairs(request.Query))
            {
                if (CanonicalRequest.IsPresignParameterKey(pair.Key))
                {
                    continue;
                }

                if (!first)
                {
                    chars[n++] = '&';
                }

                pair.Pair.CopyTo(chars.AsSpan(n));
                n += pair.Pair.Length;
                first = false;
            }

            scoped var w = new SpanWriter(bytes.AsSpan(maxSigned, maxParams));
            if (!first)
            {
                w.Write((byte)'&');
            }

            WritePresignParameters(ref w, parts, signedHeaders[..signedLength], signature, appendedToken);
            System.Text.Encoding.ASCII.GetChars(w.Written, chars.AsSpan(n));
            n += w.Length;
            return new string(chars, 0, n);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(bytes);
            ArrayPool<char>.Shared.Return(chars);
        }
    }

    /// <summary>Presigns a URL for <paramref name="method"/>; see <see cref="PresignTarget"/>.</summary>
    /// <param name="method">The HTTP method the URL is for, such as GET or PUT.</param>
    /// <param name="url">The absolute URL, with its query if any.</param>
    /// <param name="expires">How long the URL stays valid: 1 second to 7 days.</param>
    /// <param name="headers">Extra headers to bind (the client must send them), such as <c>Content-Type</c> for a PUT.</param>
    /// <param name="timestamp">The signing time; default now.</param>
    /// <returns>The presigned absolute URL.</returns>
    public string Presign(string method, Uri url, TimeSpan expires, IEnumerable<HttpHeader>? headers = null, DateTimeOffset? timestamp = null)
    {
        // Only the URL is allocated: Uri caches its host and PathAndQuery, which are sliced, not
        // copied; "scheme://host[:port]" is written on the stack and the Host header sliced from it.
        UriParts.Check(url, nameof(url));
        int maxOrigin = UriParts.MaxOriginLength(url);
        Span<char> origin = maxOrigin <= 1024 ? stackalloc char[1024] : new char[maxOrigin];
        origin = origin[..UriParts.WriteOrigin(url, origin)];
        var host = origin[(url.Scheme.Length + 3)..];
        UriParts.SplitPathAndQuery(url, out var path, out var query);
        HttpHeader[] list = headers switch
        {
            null => [],
            HttpHeader[] array => array,
            _ => [.. headers],
        };
        var view = new HttpRequestView(method, path, query, list) { Host = host };
        return PresignCore(view, expires, timestamp ?? _clock.GetUtcNow(), origin);
    }

    /// <summary>
    /// The canonical request, string to sign and signature of a header-signed or presigned request:
    /// for debugging signature mismatches.
    /// </summary>
    /// <param name="request">The request.</param>
    /// <param name="timestamp">The signing time.</param>
    /// <param name="location">Header signing (default) or a presigned URL.</param>
    /// <param name="expires">For <see cref="SignatureLocation.Query"/>, how long the URL stays valid: 1 second to 7 days; ignored for headers.</param>
    /// <returns>The intermediate strings; never the secret or the signing key, and the session token shown as <c>&lt;redacted&gt;</c>.</returns>
    /// <exception cref="ArgumentException">The request cannot be signed (the message names the part).</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="location"/> is not defined, or <paramref name="expires"/> is out of range for a presigned URL.</exception>
    public SigningExplanation Explain(in HttpRequestView request, DateTimeOffset timestamp, SignatureLocation location = SignatureLocation.Header, TimeSpan expires = default)
    {
        bool presign = CheckLocation(location);
        long seconds = presign ? CheckExpires(expires) : 0;
        Span<char> amzDate = stackalloc char[AmzDate.Length];
        Span<char> scope = stackalloc char[ScopeLength];
        var parts = MakeParts(timestamp, amzDate, scope, presign, seconds);
        Span<byte> signature = stackalloc byte[Hashing.Sha256Length];
        byte[] signedHeaders = new byte[SignedHeadersBufferLength(request)];
        Compute(request, parts, signature, signedHeaders, out _, explain: true, out var explanation);
        return explanation!;
    }

    /// <summary>Whether <paramref name="location"/> is <see cref="SignatureLocation.Query"/>; throws when it is not defined.</summary>
    internal static bool CheckLocation(SignatureLocation location)
    {
        if (location is not (SignatureLocation.Header or SignatureLocation.Query))
        {
            ThrowHelper.OutOfRange(nameof(location), location, $"location {(int)location} is not a SignatureLocation: pass Header or Query.");
        }

        return location == SignatureLocation.Query;
    }

    /// <summary>
    /// <c>X-Amz-Algorithm</c>, <c>-Credential</c>, <c>-Date</c>, <c>-Expires</c>, <c>-Security-Token</c>
    /// (when signed), <c>-SignedHeaders</c>, <c>-Signature</c>, and the token when it is appended unsigned.
    /// </summary>
    private static void WritePresignParameters(ref SpanWriter w, scoped in SigV4Parts parts, scoped ReadOnlySpan<byte> signedHeaders, scoped ReadOnlySpan<byte> signature, string? appendedToken)
    {
        w.Write("X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential="u8);
        UriEncoding.EncodeAsIs(ref w, parts.AccessKeyId, keepSlash: false);
        w.WritePercentEncoded((byte)'/');
        UriEncoding.EncodeAsIs(ref w, parts.Scope, keepSlash: false);
        w.Write("&X-Amz-Date="u8);
        w.WriteAscii(parts.AmzDate);
        w.Write("&X-Amz-Expires="u8);
        Span<byte> digits = stackalloc byte[20];
        System.Buffers.Text.Utf8Formatter.TryFormat(parts.ExpiresSeconds, digits, out int d);
        w.Write(digits[..d]);
        if (!parts.SignedSessionToken.IsEmpty)
        {
            w.Write("&X-Amz-Security-Token="u8);
            UriEncoding.EncodeAsIs(ref w, parts.SignedSessionToken, keepSlash: false);
        }

        w.Write("&X-Amz-SignedHeaders="u8);
        foreach (byte b in signedHeaders)
        {
            // Encoded as in the canonical query (every byte but the unreserved ones), so the URL carries what was signed.
            if (UriEncoding.IsUnreserved(b))
            {
                w.Write(b);
            }
            else
            {
                w.WritePercentEncoded(b);
            }
        }

        w.Write("&X-Amz-Signature="u8);
        Span<byte> hex = stackalloc byte[SignatureHexLength];
        AsciiText.ToHexLower(signature, hex);
        w.Write(hex);
        if (appendedToken is not null)
        {
            w.Write("&X-Amz-Security-Token="u8);
            UriEncoding.EncodeAsIs(ref w, appendedToken, keepSlash: false);
        }
    }

    internal static long CheckExpires(TimeSpan expires)
    {
        if (expires < TimeSpan.FromSeconds(1) || expires > MaxExpires)
        {
            ThrowHelper.OutOfRange(nameof(expires), expires, $"expires {expires} is out of range: presigned URLs are valid 1 s to 7 days (604800 s).");
        }

        return (long)expires.TotalSeconds;
    }
}
