using Signing.S3.Internal;

namespace Signing.S3;

public sealed partial class S3Client
{
    /// <summary>
    /// A presigned GET URL of an object, usable by any HTTP client until it expires: SigV4 query
    /// signing, or SigV2 (<c>AWSAccessKeyId</c>, <c>Expires</c>, <c>Signature</c>) under the SigV2
    /// and Hybrid policies. Response header overrides are signed with it.
    /// </summary>
    /// <param name="bucket">The bucket.</param>
    /// <param name="key">The key.</param>
    /// <param name="expires">How long it stays valid: 1 second to 7 days.</param>
    /// <param name="options">Response header overrides (<c>response-content-type</c>, ...).</param>
    /// <returns>The URL, exactly as signed.</returns>
    /// <exception cref="ArgumentException">A bad bucket, key, Content-Type or response override (a control character would become a header).</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="expires"/> is outside 1 second to 7 days.</exception>
    /// <exception cref="InvalidOperationException">The client is anonymous (no credentials to sign with).</exception>
    /// <exception cref="CredentialsNotFoundException">The client's credentials provider has none (it is asked, and may block, when its credentials need renewing).</exception>
    public Uri PresignGetObject(string bucket, string key, TimeSpan expires, PresignGetOptions? options = null)
    {
        var query = new List<KeyValuePair<string, string?>>();
        void Add(string name, string? value)
        {
            if (value is not null)
            {
                // The server answers with these as response headers: checked as header values.
                HeaderCheck.Value(name, value, nameof(options));
                query.Add(new(name, value));
            }
        }

        Add("response-cache-control", options?.ResponseCacheControl);
        Add("response-content-disposition", options?.ResponseContentDisposition);
        Add("response-content-encoding", options?.ResponseContentEncoding);
        Add("response-content-language", options?.ResponseContentLanguage);
        Add("response-content-type", options?.ResponseContentType);
        Add("response-expires", options?.ResponseExpires);
        return Presign(HttpMethod.Get, bucket, key, query, expires, contentType: null);
    }

    /// <summary>
    /// A presigned PUT URL of an object. With <paramref name="contentType"/>, the uploader must send
    /// exactly that <c>Content-Type</c> (it is signed); a different one is refused by the server.
    /// </summary>
    /// <param name="bucket">The bucket.</param>
    /// <param name="key">The key.</param>
    /// <param name="expires">How long it stays valid: 1 second to 7 days.</param>
    /// <param name="contentType">The Content-Type the upload must carry, or null for none bound.</param>
    /// <returns>The URL, exactly as signed.</returns>
    /// <exception cref="ArgumentException">A bad bucket, key, Content-Type or response override (a control character would become a header).</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="expires"/> is outside 1 second to 7 days.</exception>
    /// <exception cref="InvalidOperationException">The client is anonymous (no credentials to sign with).</exception>
    /// <exception cref="CredentialsNotFoundException">The client's credentials provider has none (it is asked, and may block, when its credentials need renewing).</exception>
    public Uri PresignPutObject(string bucket, string key, TimeSpan expires, string? contentType = null) =>
        Presign(HttpMethod.Put, bucket, key, [], expires, contentType);

    private Uri Presign(HttpMethod method, string bucket, string key, List<KeyValuePair<string, string?>> query, TimeSpan expires, string? contentType)
    {
        if (contentType is not null)
        {
            HeaderCheck.Value("Content-Type", contentType, nameof(contentType));
        }

        var request = new S3Request(method, CheckBucket(bucket), CheckKey(key)) { ObjectData = true };
        var signature = SignatureFor(request)
            ?? throw new InvalidOperationException("Presigning needs credentials: this client is anonymous (Credentials and CredentialsProvider are null).");
        var uri = S3Uri.Build(_endpoint, Options.Addressing, bucket, key, query);
        HttpHeader[] headers = contentType is null ? [] : [new("Content-Type", contentType)];
        DateTimeOffset now = _clock.GetUtcNow();
        string url = signature == S3SigningPolicy.SigV2
            ? Wait(_v2!.GetSigV2SignerAsync())!.Presign(method.Method, uri, expires, headers, now, Options.Addressing == S3Addressing.VirtualHost ? bucket : null)
            : Wait(_v4!.GetSigV4SignerAsync())!.Presign(method.Method, uri, expires, headers, now);
        return S3Uri.Create(url);
    }
}
