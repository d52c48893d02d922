using Signing.Internal;

namespace Signing;

/// <summary>
/// Signs requests with AWS Signature Version 4a (ECDSA P-256 with SHA-256) for one set of
/// credentials, service and region set: header signing (<see cref="Sign(in HttpRequestView)"/>),
/// presigned URLs (<see cref="PresignTarget"/>, <see cref="Presign"/>) and <c>aws-chunked</c> bodies
/// (<see cref="CreateChunkSigner"/>), in managed code. A SigV4a signature is valid in every region
/// of its region set: S3 Multi-Region Access Points, CloudFront KeyValueStore, EventBridge global
/// endpoints. The canonical request is SigV4's, plus <c>x-amz-region-set</c>; the credential scope
/// has no region (<c>yyyyMMdd/service/aws4_request</c>). ECDSA signatures are randomized: signing
/// the same request twice gives two different signatures, both valid. Thread-safe.
/// </summary>
public sealed partial class SigV4aSigner
{
    /// <summary>Everything SigV4 signs the same way: scope, canonical request, Authorization, presigning.</summary>
    private readonly SigV4Core _core;

    /// <summary>Creates a signer.</summary>
    /// <param name="credentials">The credentials to sign with.</param>
    /// <param name="service">The service signing name, such as <c>s3</c>.</param>
    /// <param name="regionSet">The regions the signature is valid in, such as <c>["us-east-1", "us-west-2"]</c>; default <c>["*"]</c>, every region.</param>
    /// <param name="options">Signing rules; when omitted, <see cref="SigningOptions.ForService"/> of <paramref name="service"/>.</param>
    /// <param name="clock">The clock for signing times; default <see cref="TimeProvider.System"/>.</param>
    /// <param name="keyCache">The key cache (SigV4a key pairs are kept per access key); default <see cref="SigningKeyCache.Shared"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="credentials"/> is null.</exception>
    /// <exception cref="ArgumentException">
    /// <paramref name="service"/> is empty or not a plain name, or <paramref name="regionSet"/> is empty or has an
    /// entry that is empty or holds a comma, white space, a control or a non-ASCII character.
    /// </exception>
    public SigV4aSigner(AwsCredentials credentials, string service, IEnumerable<string>? regionSet = null, SigningOptions? options = null, TimeProvider? clock = null, ISigningKeyCache? keyCache = null) =>
        _core = new SigV4Core(sigV4a: true, credentials, region: null, service, regionSet, options, clock, keyCache);

    /// <summary>The credentials signed with.</summary>
    public AwsCredentials Credentials => _core.Credentials;

    /// <summary>The service of the credential scope.</summary>
    public string Service => _core.Service;

    /// <summary>The region set as sent in <c>X-Amz-Region-Set</c>: the regions comma-joined, such as <c>us-east-1,us-west-2</c>, or <c>*</c>.</summary>
    public string RegionSet => _core.RegionSet!;

    /// <summary>The signing rules.</summary>
    public SigningOptions Options => _core.Options;

    /// <summary>Signs the request at the clock's current time.</summary>
    /// <param name="request">The request to sign.</param>
    /// <returns>The headers to add (<c>Authorization</c>, <c>X-Amz-Date</c>, <c>X-Amz-Region-Set</c>, and the payload hash and token where they apply).</returns>
    /// <exception cref="ArgumentException">The request cannot be signed: a bad method, path, query, header or payload hash (the message names the part; <c>ParamName</c> is <c>request</c>).</exception>
    public SignedRequest Sign(in HttpRequestView request) => Sign(request, _core.Clock.GetUtcNow());

    /// <summary>Signs the request at <paramref name="timestamp"/>.</summary>
    /// <param name="request">The request to sign.</param>
    /// <param name="timestamp">The signing time (sent as <c>X-Amz-Date</c>).</param>
    /// <returns>The headers to add (<c>Authorization</c>, <c>X-Amz-Date</c>, <c>X-Amz-Region-Set</c>, and the payload hash and token where they apply).</returns>
    /// <exception cref="ArgumentException">The request cannot be signed: a bad method, path, query, header or payload hash (the message names the part; <c>ParamName</c> is <c>request</c>).</exception>
    public SignedRequest Sign(in HttpRequestView request, DateTimeOffset timestamp) =>
        _core.Sign(request, timestamp);

    /// <summary>
    /// The canonical request, string to sign and signature of a header-signed or presigned request:
    /// for debugging signature mismatches. The signature is a fresh one (ECDSA is randomized).
    /// </summary>
    /// <param name="request">The request.</param>
    /// <param name="timestamp">The signing time.</param>
    /// <param name="location">Header signing (default) or a presigned URL.</param>
    /// <param name="expires">For <see cref="SignatureLocation.Query"/>, how long the URL stays valid: 1 second to 7 days; ignored for headers.</param>
    /// <returns>The intermediate strings; never the secret or the private key, and the session token shown as <c>&lt;redacted&gt;</c>.</returns>
    /// <exception cref="ArgumentException">The request cannot be signed (the message names the part).</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="location"/> is not defined, or <paramref name="expires"/> is out of range for a presigned URL.</exception>
    public SigningExplanation Explain(in HttpRequestView request, DateTimeOffset timestamp, SignatureLocation location = SignatureLocation.Header, TimeSpan expires = default) =>
        _core.Explain(request, timestamp, location, expires);

    /// <summary>Shows the region set, service and access key id; never the secret.</summary>
    /// <returns>A one-line description.</returns>
    public override string ToString() => $"SigV4aSigner {{ RegionSet = {RegionSet}, Service = {Service}, AccessKeyId = {Credentials.AccessKeyId} }}";

}
