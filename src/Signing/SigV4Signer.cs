using Signing.Internal;

namespace Signing;

/// <summary>
/// Signs requests with AWS Signature Version 4 for one set of credentials, region and service:
/// header signing (<see cref="Sign(in HttpRequestView)"/>), presigned URLs (<see cref="PresignTarget"/>),
/// and the allocation-free core (<see cref="TryComputeSignature"/>). Thread-safe.
/// </summary>
public sealed partial class SigV4Signer
{
    private const int SignatureHexLength = 64;
    private static readonly TimeSpan MaxExpires = TimeSpan.FromSeconds(SigV4Constants.MaxExpiresSeconds);

    private readonly ISigningKeyCache _keyCache;

    /// <summary>The last key of the built-in cache this signer signed with (see <c>Hmac</c>); replaced, never changed.</summary>
    private volatile RememberedKey? _lastKey;
    private readonly TimeProvider _clock;

    /// <summary>Creates a signer.</summary>
    /// <param name="credentials">The credentials to sign with.</param>
    /// <param name="region">The region, such as <c>us-east-1</c>.</param>
    /// <param name="service">The service signing name, such as <c>s3</c>, <c>iam</c> or <c>execute-api</c>.</param>
    /// <param name="options">Signing rules; when omitted, <see cref="SigningOptions.ForService"/> of <paramref name="service"/>.</param>
    /// <param name="clock">The clock for signing times; default <see cref="TimeProvider.System"/>.</param>
    /// <param name="keyCache">The signing-key cache; default <see cref="SigningKeyCache.Shared"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="credentials"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="region"/> or <paramref name="service"/> is empty or not a plain name.</exception>
    public SigV4Signer(AwsCredentials credentials, string region, string service, SigningOptions? options = null, TimeProvider? clock = null, ISigningKeyCache? keyCache = null)
    {
        if (credentials is null)
        {
            ThrowHelper.Null(nameof(credentials));
        }

        Validate.ScopePart(region, nameof(region), "us-east-1");
        Validate.ScopePart(service, nameof(service), "s3");
        Credentials = credentials;
        Region = region;
        Service = service;
        Options = options ?? SigningOptions.ForService(service);
        _clock = clock ?? TimeProvider.System;
        _keyCache = keyCache ?? SigningKeyCache.Shared;
    }

    /// <summary>The credentials signed with.</summary>
    public AwsCredentials Credentials { get; }

    /// <summary>The region of the credential scope.</summary>
    public string Region { get; }

    /// <summary>The service of the credential scope.</summary>
    public string Service { get; }

    /// <summary>The signing rules.</summary>
    public SigningOptions Options { get; }

    /// <summary>Signs the request at the clock's current time.</summary>
    /// <param name="request">The request to sign.</param>
    /// <returns>The headers to add.</returns>
    /// <exception cref="ArgumentException">The request cannot be signed: a bad method, path, query, header or payload hash (the message names the part; <c>ParamName</c> is <c>request</c>).</exception>
    public SignedRequest Sign(in HttpRequestView request) => Sign(request, _clock.GetUtcNow());

    /// <summary>Signs the request at <paramref name="timestamp"/>.</summary>
    /// <param name="request">The request to sign.</param>
    /// <param name="timestamp">The signing time (sent as <c>X-Amz-Date</c>).</param>
    /// <returns>The headers to add.</returns>
    /// <exception cref="ArgumentException">The request cannot be signed: a bad method, path, query, header or payload hash (the message names the part; <c>ParamName</c> is <c>request</c>).</exception>
    public SignedRequest Sign(in HttpRequestView request, DateTimeOffset timestamp)
    {
        Span<char> amzDate = stackalloc char[AmzDate.Length];
        Span<char> scope = stackalloc char[ScopeLength];
        var parts = MakeParts(timestamp, amzDate, scope, presign: false, expiresSeconds: 0);
        Span<byte> signature = stackalloc byte[Hashing.Sha256Length];
        var canonical = new Utf8Builder(stackalloc byte[Utf8Builder.RequestStackBytes]);
        try
        {
            Compute(request, parts, ref canonical, signature, out var signedHeaders, explain: false, out _);
            string authorization = Authorization(scope, canonical.Written[signedHeaders], signature, out var signedHeadersRange);
            return new SignedRequest(HeadersToAdd(request, authorization, amzDate), authorization, signedHeadersRange, Truncate(timestamp));
        }
        finally
        {
            canonical.Dispose();
        }
    }

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
        if (destination.Length < SignatureHexLength)
        {
            return false;
        }

        Span<char> amzDate = stackalloc char[AmzDate.Length];
        Span<char> scope = stackalloc char[ScopeLength];
        var parts = MakeParts(timestamp, amzDate, scope, presign: false, expiresSeconds: 0);
        Span<byte> signature = stackalloc byte[Hashing.Sha256Length];
        var canonical = new Utf8Builder(stackalloc byte[Utf8Builder.RequestStackBytes]);
        try
        {
            Compute(request, parts, ref canonical, signature, out _, explain: false, out _);
        }
        finally
        {
            canonical.Dispose();
        }

        AsciiText.ToHexLower(signature, destination);
        charsWritten = SignatureHexLength;
        return true;
    }

    /// <summary>Shows the region, service and access key id; never the secret.</summary>
    public override string ToString() => $"SigV4Signer {{ Region = {Region}, Service = {Service}, AccessKeyId = {Credentials.AccessKeyId} }}";

    private int ScopeLength => AmzDate.DateLength + 1 + Region.Length + 1 + Service.Length + 1 + SigV4Constants.Terminator.Length;

    internal static DateTimeOffset Truncate(DateTimeOffset t) => new(t.UtcTicks - (t.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
}
