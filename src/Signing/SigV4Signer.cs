using Signing.Internal;

namespace Signing;

/// <summary>
/// Signs requests with AWS Signature Version 4 for one set of credentials, region and service:
/// header signing (<see cref="Sign(in HttpRequestView)"/>), presigned URLs (<see cref="PresignTarget"/>),
/// and the allocation-free core (<see cref="TryComputeSignature"/>). Thread-safe.
/// </summary>
public sealed partial class SigV4Signer
{
    /// <summary>Everything SigV4a signs the same way: scope, canonical request, Authorization, presigning.</summary>
    private readonly SigV4Core _core;

    /// <summary>Creates a signer.</summary>
    /// <param name="credentials">The credentials to sign with.</param>
    /// <param name="region">The region, such as <c>us-east-1</c>.</param>
    /// <param name="service">The service signing name, such as <c>s3</c>, <c>iam</c> or <c>execute-api</c>.</param>
    /// <param name="options">Signing rules; when omitted, <see cref="SigningOptions.ForService"/> of <paramref name="service"/>.</param>
    /// <param name="clock">The clock for signing times; default <see cref="TimeProvider.System"/>.</param>
    /// <param name="keyCache">The signing-key cache; default <see cref="SigningKeyCache.Shared"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="credentials"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="region"/> or <paramref name="service"/> is empty or not a plain name.</exception>
    public SigV4Signer(AwsCredentials credentials, string region, string service, SigningOptions? options = null, TimeProvider? clock = null, ISigningKeyCache? keyCache = null) =>
        _core = new SigV4Core(sigV4a: false, credentials, region, service, regionSet: null, options, clock, keyCache);

    /// <summary>The credentials signed with.</summary>
    public AwsCredentials Credentials => _core.Credentials;

    /// <summary>The region of the credential scope.</summary>
    public string Region => _core.Region!;

    /// <summary>The service of the credential scope.</summary>
    public string Service => _core.Service;

    /// <summary>The signing rules.</summary>
    public SigningOptions Options => _core.Options;

    /// <summary>Signs the request at the clock's current time.</summary>
    /// <param name="request">The request to sign.</param>
    /// <returns>The headers to add.</returns>
    /// <exception cref="ArgumentException">The request cannot be signed: a bad method, path, query, header or payload hash (the message names the part; <c>ParamName</c> is <c>request</c>).</exception>
    public SignedRequest Sign(in HttpRequestView request) => Sign(request, _core.Clock.GetUtcNow());

    /// <summary>Signs the request at <paramref name="timestamp"/>.</summary>
    /// <param name="request">The request to sign.</param>
    /// <param name="timestamp">The signing time (sent as <c>X-Amz-Date</c>).</param>
    /// <returns>The headers to add.</returns>
    /// <exception cref="ArgumentException">The request cannot be signed: a bad method, path, query, header or payload hash (the message names the part; <c>ParamName</c> is <c>request</c>).</exception>
    public SignedRequest Sign(in HttpRequestView request, DateTimeOffset timestamp) =>
        _core.Sign(request, timestamp);

    /// <summary>
    /// The allocation-free core: writes the hex signature (64 chars) of the header-signed request.
    /// With the signing key cached, nothing is allocated on the heap.
    /// </summary>
    /// <param name="request">The request to sign.</param>
    /// <param name="timestamp">The signing time.</param>
    /// <param name="destination">Receives 64 lower-case hex chars.</param>
    /// <param name="charsWritten">64 on success, else 0.</param>
    /// <returns>False only when <paramref name="destination"/> is shorter than 64 chars.</returns>
    /// <exception cref="ArgumentException">The request cannot be signed: a bad method, path, query, header or payload hash (the message names the part; <c>ParamName</c> is <c>request</c>).</exception>
    public bool TryComputeSignature(scoped in HttpRequestView request, DateTimeOffset timestamp, Span<char> destination, out int charsWritten)
    {
        charsWritten = 0;
        if (destination.Length < Hashing.Sha256HexLength)
        {
            return false;
        }

        Span<char> amzDate = stackalloc char[AmzDate.Length];
        Span<char> scope = stackalloc char[_core.ScopeLength];
        var parts = _core.MakeParts(timestamp, amzDate, scope, presign: false, expiresSeconds: 0);
        Span<byte> signature = stackalloc byte[Hashing.Sha256Length];
        var canonical = new Utf8Builder(stackalloc byte[Utf8Builder.RequestStackBytes]);
        try
        {
            _core.Compute(request, parts, ref canonical, signature, out _, explain: false, out _);
        }
        finally
        {
            canonical.Dispose();
        }

        AsciiText.ToHexLower(signature, destination);
        charsWritten = Hashing.Sha256HexLength;
        return true;
    }

    /// <summary>Shows the region, service and access key id; never the secret.</summary>
    public override string ToString() => $"SigV4Signer {{ Region = {Region}, Service = {Service}, AccessKeyId = {Credentials.AccessKeyId} }}";
}
