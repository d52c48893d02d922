using System.Globalization;
using System.Text;
using Signing.Internal;

namespace Signing;

/// <summary>
/// Signs S3 requests with Signature Version 2 (HMAC-SHA1): the <c>Authorization: AWS key:signature</c>
/// header, and presigned URLs (<c>AWSAccessKeyId</c>, <c>Expires</c>, <c>Signature</c>). Some
/// S3-compatible providers (Dell ECS-based ones) need it for object PUT, GET and DELETE. Thread-safe.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Reliability", "CA1001:Types that own disposable fields should be disposable", Justification = "The keyed HMAC instances hold the secret the signer holds in Credentials for its whole life; disposing them could not erase that string. They go with the signer (their handles are finalized).")]
public sealed partial class SigV2Signer
{
    /// <summary>Base64 of the 20-byte HMAC-SHA1.</summary>
    private const int SignatureLength = 28;

    private readonly TimeProvider _clock;

    /// <summary>
    /// HMAC-SHA1 keyed with the secret's ASCII bytes (as S3 takes them), and its keyed instances.
    /// SigV2 has no derived key: its key is the secret, which this signer holds (in
    /// <see cref="Credentials"/>) for its whole life anyway. So the keyed instances live and go with
    /// the signer, shared by the threads that use it, rather than in thread statics (which outlive
    /// it) or in a cache (which would keep the secret past it).
    /// </summary>
    private readonly KeyedHmacPool _hmac;

    /// <summary>The session token as the x-amz-* header it is signed as, when there is one.</summary>
    private readonly HttpHeader[] _tokenHeader;

    /// <summary>Creates a signer.</summary>
    /// <param name="credentials">The credentials to sign with.</param>
    /// <param name="clock">The clock for the <c>Date</c> header; default <see cref="TimeProvider.System"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="credentials"/> is null.</exception>
    public SigV2Signer(AwsCredentials credentials, TimeProvider? clock = null)
    {
        ThrowHelper.IfNull(credentials);

        Credentials = credentials;
        _clock = clock ?? TimeProvider.System;
        _hmac = new KeyedHmacPool(System.Security.Cryptography.HashAlgorithmName.SHA1, Encoding.ASCII.GetBytes(credentials.SecretAccessKey));
        _tokenHeader = credentials.SessionToken is null ? [] : [new HttpHeader("x-amz-security-token", credentials.SessionToken)];
    }

    /// <summary>The credentials signed with.</summary>
    public AwsCredentials Credentials { get; }

    /// <summary>Signs the request now; see <see cref="Sign(in HttpRequestView, DateTimeOffset, string?)"/>.</summary>
    /// <param name="request">The request.</param>
    /// <param name="bucket">The bucket when it is named by the Host (virtual-host or CNAME addressing); null for path-style.</param>
    /// <returns>The headers to add.</returns>
    /// <exception cref="ArgumentException">The request cannot be signed: a bad method, path, query, header or payload hash (the message names the part; <c>ParamName</c> is <c>request</c>).</exception>
    public SignedRequest Sign(in HttpRequestView request, string? bucket = null) => Sign(request, _clock.GetUtcNow(), bucket);

    /// <summary>
    /// Signs the request. The <c>Date</c> line is the request's <c>Date</c> header when it has one
    /// (signed as given), empty when it sends <c>x-amz-date</c>, else <paramref name="timestamp"/>
    /// in RFC 1123 form, returned as a <c>Date</c> header to add.
    /// </summary>
    /// <param name="request">The request.</param>
    /// <param name="timestamp">The signing time, used when the request has no Date or x-amz-date header.</param>
    /// <param name="bucket">The bucket when it is named by the Host (virtual-host or CNAME addressing); null for path-style.</param>
    /// <returns>The headers to add.</returns>
    /// <exception cref="ArgumentException">The request cannot be signed: a bad method, path, query, header or payload hash (the message names the part; <c>ParamName</c> is <c>request</c>).</exception>
    public SignedRequest Sign(in HttpRequestView request, DateTimeOffset timestamp, string? bucket = null)
    {
        CanonicalRequest.ValidateTarget(request);
        var dateLine = DateLine(request, timestamp, out string? addedDate);

        // Only what is returned is allocated: the Authorization value (the signature is cut from it), the Date, the list.
        Span<char> signature = stackalloc char[SignatureLength];
        Sign(request, bucket, dateLine, signature);
        string authorization = string.Concat("AWS ", Credentials.AccessKeyId, ":", signature);
        bool addToken = Credentials.SessionToken is not null && !request.HasHeader("x-amz-security-token");
        var headers = new HttpHeader[1 + (addedDate is null ? 0 : 1) + (addToken ? 1 : 0)];
        headers[0] = new("Authorization", authorization);
        int n = 1;
        if (addedDate is not null)
        {
            headers[n++] = new("Date", addedDate);
        }

        if (addToken)
        {
            headers[n] = new("x-amz-security-token", Credentials.SessionToken!);
        }

        return new SignedRequest(headers, authorization, default, timestamp);
    }

    /// <summary>
    /// Presigns a request: returns the request target with <c>AWSAccessKeyId</c>, <c>Signature</c>
    /// and <c>Expires</c> (<paramref name="timestamp"/> plus <paramref name="expires"/>, in seconds
    /// since the Unix epoch). Mirrors <see cref="SigV4Signer.PresignTarget"/>.
    /// </summary>
    /// <param name="request">The request; its <c>Content-Type</c> and <c>Content-MD5</c> headers, if any, are bound.</param>
    /// <param name="expires">How long the URL stays valid: 1 second to 7 days.</param>
    /// <param name="timestamp">The signing time (the URL is valid from then).</param>
    /// <param name="bucket">The bucket when it is named by the Host; null for path-style.</param>
    /// <returns>The signed request target.</returns>
    /// <exception cref="ArgumentException">The request cannot be signed (the message names the part).</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="expires"/> is out of range.</exception>
    public string PresignTarget(in HttpRequestView request, TimeSpan expires, DateTimeOffset timestamp, string? bucket = null) =>
        PresignCore(request, expires, timestamp, bucket, ArgumentNames.View);

    /// <summary>The presigned target; bad parts of the request are reported against <paramref name="names"/>.</summary>
    private string PresignCore(in HttpRequestView request, TimeSpan expires, DateTimeOffset timestamp, string? bucket, ArgumentNames names)
    {
        string expiresAt = ExpiresAt(expires, timestamp);
        CanonicalRequest.ValidateTarget(request, names);
        Span<char> signature = stackalloc char[SignatureLength];
        Sign(request, bucket, expiresAt, signature, names);
        var sb = new StringBuilder();
        sb.Append(request.Path.IsEmpty ? "/" : request.Path).Append('?');
        if (!request.Query.IsEmpty)
        {
            sb.Append(request.Query).Append('&');
        }

        sb.Append("AWSAccessKeyId=").Append(UriEncoding.Encode(Credentials.AccessKeyId, keepSlash: false));
        sb.Append("&Signature=").Append(UriEncoding.Encode(signature, keepSlash: false));
        sb.Append("&Expires=").Append(expiresAt);
        if (Credentials.SessionToken is not null)
        {
            sb.Append("&x-amz-security-token=").Append(UriEncoding.Encode(Credentials.SessionToken, keepSlash: false));
        }

        return sb.ToString();
    }

    /// <summary>Presigns <paramref name="url"/> for <paramref name="method"/>, valid for <paramref name="expires"/> from <paramref name="timestamp"/>. Mirrors <see cref="SigV4Signer.Presign"/>.</summary>
    /// <param name="method">The HTTP method, such as GET or PUT.</param>
    /// <param name="url">The absolute URL.</param>
    /// <param name="expires">How long the URL stays valid: 1 second to 7 days.</param>
    /// <param name="headers">Headers to bind, such as <c>Content-Type</c> for a PUT.</param>
    /// <param name="timestamp">The signing time; default the clock's current time.</param>
    /// <param name="bucket">The bucket when it is named by the Host; null for path-style.</param>
    /// <returns>The presigned absolute URL.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="method"/> or <paramref name="url"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="url"/> is not an absolute http(s) URL, or the request cannot be signed.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="expires"/> is out of range.</exception>
    public string Presign(string method, Uri url, TimeSpan expires, IEnumerable<HttpHeader>? headers = null, DateTimeOffset? timestamp = null, string? bucket = null)
    {
        ThrowHelper.IfNull(method);

        var target = UriParts.Of(url, nameof(url));
        HttpHeader[] list = headers is null ? [] : [.. headers];
        var view = new HttpRequestView(method, target.Path, target.Query, list) { Host = target.Host };
        return target.Origin + PresignCore(view, expires, timestamp ?? _clock.GetUtcNow(), bucket, ArgumentNames.Presign);
    }

    /// <summary>
    /// The string to sign and signature of a header-signed or presigned request, for debugging;
    /// never the secret, and the session token shown as <c>&lt;redacted&gt;</c>. Mirrors <see cref="SigV4Signer.Explain"/>.
    /// </summary>
    /// <param name="request">The request.</param>
    /// <param name="timestamp">The signing time.</param>
    /// <param name="location">Header signing (default) or a presigned URL.</param>
    /// <param name="expires">For <see cref="SignatureLocation.Query"/>, how long the URL stays valid: 1 second to 7 days; ignored for headers.</param>
    /// <param name="bucket">The bucket when it is named by the Host; null for path-style.</param>
    /// <returns>The intermediate strings (no canonical request in SigV2).</returns>
    /// <exception cref="ArgumentException">The request cannot be signed (the message names the part).</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="location"/> is not defined, or <paramref name="expires"/> is out of range for a presigned URL.</exception>
    public SigningExplanation Explain(in HttpRequestView request, DateTimeOffset timestamp, SignatureLocation location = SignatureLocation.Header, TimeSpan expires = default, string? bucket = null)
    {
        string? expiresAt = SigV4Core.CheckLocation(location) ? ExpiresAt(expires, timestamp) : null;
        CanonicalRequest.ValidateTarget(request);
        string dateLine = expiresAt ?? DateLine(request, timestamp, out _).ToString();
        Span<char> signature = stackalloc char[SignatureLength];
        Sign(request, bucket, dateLine, signature);
        return new SigningExplanation(string.Empty, Redaction.SigV2StringToSign(SigV2StringToSign.Build(request, bucket, dateLine, TokenHeader(request))), signature.ToString());
    }

    /// <summary>Shows the access key id only.</summary>
    public override string ToString() => $"SigV2Signer {{ AccessKeyId = {Credentials.AccessKeyId} }}";

    /// <summary>
    /// The Date line of header signing: empty when the request sends <c>x-amz-date</c>, else its
    /// <c>Date</c> header, else <paramref name="timestamp"/> in RFC 1123 form (also <paramref name="added"/>, a Date header to add).
    /// </summary>
    private static ReadOnlySpan<char> DateLine(scoped in HttpRequestView request, DateTimeOffset timestamp, out string? added)
    {
        added = null;
        return request.HasHeader("x-amz-date") ? default
            : request.HasHeader("date") ? SigV2StringToSign.Find(request, "date")
            : added = timestamp.UtcDateTime.ToString("r", CultureInfo.InvariantCulture);
    }

    /// <summary>The <c>Expires</c> value: <paramref name="timestamp"/> plus <paramref name="expires"/>, checked as SigV4 checks it.</summary>
    private static string ExpiresAt(TimeSpan expires, DateTimeOffset timestamp) =>
        (timestamp.ToUnixTimeSeconds() + SigV4Core.CheckExpires(expires)).ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// Writes the base64 HMAC-SHA1 of the string to sign (UTF-8, on the stack when short) with the
    /// secret, through the signer's keyed HMAC instances: nothing is allocated.
    /// </summary>
    private void Sign(scoped in HttpRequestView request, string? bucket, ReadOnlySpan<char> dateLine, Span<char> signature, ArgumentNames? names = null)
    {
        var stringToSign = new Utf8Builder(stackalloc byte[Utf8Builder.RequestStackBytes]);
        try
        {
            SigV2StringToSign.Write(request, bucket, dateLine, TokenHeader(request), ref stringToSign, names);
            Span<byte> mac = stackalloc byte[Hashing.Sha1Length];
            if (!_hmac.TryHash(stringToSign.Written, mac))
            {
                throw new InvalidOperationException("Internal error: the SigV2 signer's key was disposed. Please report it.");
            }

            Convert.TryToBase64Chars(mac, signature, out _);
        }
        finally
        {
            stringToSign.Dispose();
        }
    }

    private ReadOnlySpan<HttpHeader> TokenHeader(scoped in HttpRequestView request) =>
        Credentials.SessionToken is not null && !request.HasHeader("x-amz-security-token")
            ? _tokenHeader
            : default;
}
