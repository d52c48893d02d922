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
        _core.Presign(request, expires, timestamp, default, ArgumentNames.View);

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
    public string Presign(string method, Uri url, TimeSpan expires, IEnumerable<HttpHeader>? headers = null, DateTimeOffset? timestamp = null) =>
        _core.Presign(method, url, expires, headers, timestamp);

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
    public SigningExplanation Explain(in HttpRequestView request, DateTimeOffset timestamp, SignatureLocation location = SignatureLocation.Header, TimeSpan expires = default) =>
        _core.Explain(request, timestamp, location, expires);
}
