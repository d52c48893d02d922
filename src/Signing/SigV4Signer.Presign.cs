using System.Buffers;
using System.Text;
using Signing.Internal;

namespace Signing;

public sealed partial class SigV4Signer
{
    /// <summary>
    /// Presigns a request: returns the request target (path and query) carrying the signature in
    /// <c>X-Amz-*</c> query parameters. Only the headers in <paramref name="request"/> (at least
    /// <c>Host</c>) are signed; a client must send them unchanged (for a PUT, bind
    /// <c>Content-Type</c> by including it). With S3 rules the payload is <c>UNSIGNED-PAYLOAD</c>
    /// unless <see cref="HttpRequestView.PayloadHash"/> says otherwise.
    /// </summary>
    /// <param name="request">The request to presign.</param>
    /// <param name="expires">How long the URL stays valid: 1 second to 7 days.</param>
    /// <param name="timestamp">The signing time (the URL is valid from then).</param>
    /// <returns>The signed request target, such as <c>/key?X-Amz-Algorithm=...&amp;X-Amz-Signature=...</c>.</returns>
    public string PresignTarget(in HttpRequestView request, TimeSpan expires, DateTimeOffset timestamp)
    {
        long seconds = CheckExpires(expires);
        Span<char> amzDate = stackalloc char[AmzDate.Length];
        Span<char> scope = stackalloc char[ScopeLength];
        var parts = MakeParts(timestamp, amzDate, scope, presign: true, seconds);
        Span<byte> signature = stackalloc byte[Hashing.Sha256Length];
        int maxSigned = SignedHeadersBufferLength(request);
        int maxQuery = sizeof(int) + CanonicalRequest.MaxLength(request, parts);
        byte[] buffer = ArrayPool<byte>.Shared.Rent(maxSigned + maxQuery);
        try
        {
            var signedHeaders = buffer.AsSpan(0, maxSigned);
            var query = buffer.AsSpan(maxSigned, maxQuery);
            Compute(request, parts, signature, signedHeaders, out _, explain: false, out _, query);
            int queryLength = System.Buffers.Binary.BinaryPrimitives.ReadInt32LittleEndian(query);
            var sb = new StringBuilder(request.Path.Length + queryLength + 100);
            sb.Append(request.Path.IsEmpty ? "/" : request.Path).Append('?');
            sb.Append(Encoding.ASCII.GetString(query.Slice(sizeof(int), queryLength)));
            sb.Append('&').Append(SigV4Constants.QuerySignature).Append('=').Append(AsciiText.ToHexLowerString(signature));
            if (Credentials.SessionToken is not null && Options.SessionToken == SessionTokenSigning.AppendedAfterSigning)
            {
                sb.Append('&').Append(SigV4Constants.QuerySecurityToken).Append('=').Append(UriEncoding.Encode(Credentials.SessionToken, keepSlash: false));
            }

            return sb.ToString();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
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
        var target = UriParts.Of(url, nameof(url));
        HttpHeader[] list = headers is null ? [] : [.. headers];
        var view = new HttpRequestView(method, target.Path, target.Query, list) { Host = target.Host };
        return target.Origin + PresignTarget(view, expires, timestamp ?? _clock.GetUtcNow());
    }

    /// <summary>
    /// The canonical request, string to sign and signature for a header-signed (or, with
    /// <paramref name="presignExpires"/>, presigned) request: for debugging signature mismatches.
    /// </summary>
    /// <param name="request">The request.</param>
    /// <param name="timestamp">The signing time.</param>
    /// <param name="presignExpires">Explain query signing with this expiry instead of header signing.</param>
    /// <returns>The intermediate strings; never the secret or the signing key.</returns>
    public SigningExplanation Explain(in HttpRequestView request, DateTimeOffset timestamp, TimeSpan? presignExpires = null)
    {
        long seconds = presignExpires is { } e ? CheckExpires(e) : 0;
        Span<char> amzDate = stackalloc char[AmzDate.Length];
        Span<char> scope = stackalloc char[ScopeLength];
        var parts = MakeParts(timestamp, amzDate, scope, presign: presignExpires is not null, seconds);
        Span<byte> signature = stackalloc byte[Hashing.Sha256Length];
        byte[] signedHeaders = new byte[SignedHeadersBufferLength(request)];
        Compute(request, parts, signature, signedHeaders, out _, explain: true, out var explanation);
        return explanation!;
    }

    private static long CheckExpires(TimeSpan expires)
    {
        if (expires < TimeSpan.FromSeconds(1) || expires > MaxExpires)
        {
            ThrowHelper.OutOfRange(nameof(expires), expires, $"expires {expires} is out of range: presigned URLs are valid 1 s to 7 days (604800 s).");
        }

        return (long)expires.TotalSeconds;
    }
}
