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
    /// <exception cref="ArgumentException">The request cannot be signed: a bad method, path, query, header or payload hash (the message names the part; <c>ParamName</c> is <c>request</c>).</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="expires"/> is out of range.</exception>
    public string PresignTarget(in HttpRequestView request, TimeSpan expires, DateTimeOffset timestamp) =>
        PresignCore(request, expires, timestamp, default, ArgumentNames.View);

    /// <summary>The presigned target, after <paramref name="origin"/> (<c>scheme://host</c>, or empty): one string.</summary>
    private string PresignCore(in HttpRequestView request, TimeSpan expires, DateTimeOffset timestamp, scoped ReadOnlySpan<char> origin, ArgumentNames names)
    {
        long seconds = CheckExpires(expires);
        Span<char> amzDate = stackalloc char[AmzDate.Length];
        Span<char> scope = stackalloc char[ScopeLength];
        var parts = MakeParts(timestamp, amzDate, scope, presign: true, seconds);
        parts.Names = names;
        Span<byte> signature = stackalloc byte[Hashing.Sha256Length];
        string? appendedToken = Credentials.SessionToken is not null && Options.SessionToken == SessionTokenSigning.AppendedAfterSigning ? Credentials.SessionToken : null;
        var canonical = new Utf8Builder(stackalloc byte[Utf8Builder.RequestStackBytes]);
        var parameters = new Utf8Builder(stackalloc byte[Utf8Builder.PieceStackBytes]);
        try
        {
            Compute(request, parts, ref canonical, signature, out var signedHeaders, explain: false, out _);
            PresignParameters.WriteSigned(ref parameters, parts, canonical.Written[signedHeaders]);
            PresignParameters.WriteSignature(ref parameters, signature, appendedToken);
            return PresignParameters.Url(origin, request, parameters.Written, regionSet: false);
        }
        finally
        {
            canonical.Dispose();
            parameters.Dispose();
        }
    }

    /// <summary>Presigns a URL for <paramref name="method"/>; see <see cref="PresignTarget"/>.</summary>
    /// <param name="method">The HTTP method the URL is for, such as GET or PUT.</param>
    /// <param name="url">The absolute URL, with its query if any.</param>
    /// <param name="expires">How long the URL stays valid: 1 second to 7 days.</param>
    /// <param name="headers">Extra headers to bind (the client must send them), such as <c>Content-Type</c> for a PUT.</param>
    /// <param name="timestamp">The signing time; default now.</param>
    /// <returns>The presigned absolute URL.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="method"/> or <paramref name="url"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="url"/> is not an absolute http(s) URL, or the method, the URL's path or query, or a header cannot be signed (the parameter is named).</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="expires"/> is out of range.</exception>
    public string Presign(string method, Uri url, TimeSpan expires, IEnumerable<HttpHeader>? headers = null, DateTimeOffset? timestamp = null)
    {
        // Only the URL is allocated: Uri caches its host and PathAndQuery, which are sliced, not
        // copied; "scheme://host[:port]" is written on the stack and the Host header sliced from it.
        if (method is null)
        {
            ThrowHelper.Null(nameof(method));
        }

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
        return PresignCore(view, expires, timestamp ?? _clock.GetUtcNow(), origin, ArgumentNames.Presign);
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
        var canonical = new Utf8Builder(stackalloc byte[Utf8Builder.RequestStackBytes]);
        try
        {
            Compute(request, parts, ref canonical, signature, out _, explain: true, out var explanation);
            return explanation!;
        }
        finally
        {
            canonical.Dispose();
        }
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

    internal static long CheckExpires(TimeSpan expires)
    {
        if (expires < TimeSpan.FromSeconds(1) || expires > MaxExpires)
        {
            ThrowHelper.OutOfRange(nameof(expires), expires, $"expires {expires} is out of range: presigned URLs are valid 1 s to 7 days (604800 s).");
        }

        return (long)expires.TotalSeconds;
    }
}
