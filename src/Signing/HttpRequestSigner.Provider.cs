using Signing.Internal;

namespace Signing;

/// <summary>Signing with credentials from a provider: each signature asks it, so renewed credentials are used as soon as they exist.</summary>
public sealed partial class HttpRequestSigner
{
    private readonly IAwsCredentialsProvider? _provider;
    private readonly string? _region;
    private readonly string? _service;
    private readonly SigningOptions? _options;
    private readonly ISigningKeyCache? _keyCache;

    /// <summary>The signer of the credentials last handed out by the provider; replaced (never changed) when they change.</summary>
    private volatile ProviderSigners? _current;

    /// <summary>
    /// Creates a SigV4 request signer whose credentials come from <paramref name="credentials"/> at
    /// each signature (such as <see cref="AwsCredentialChain.CreateProvider"/>, which renews temporary
    /// credentials before they expire). A new signer is made when the provider hands out other
    /// credentials; signing keys stay in <paramref name="keyCache"/>, keyed by access key id.
    /// </summary>
    /// <param name="credentials">The credentials provider (fixed <see cref="AwsCredentials"/> are one).</param>
    /// <param name="region">The region, such as <c>us-east-1</c>.</param>
    /// <param name="service">The service signing name, such as <c>s3</c>.</param>
    /// <param name="options">Signing rules; default <see cref="SigningOptions.ForService"/> of <paramref name="service"/>.</param>
    /// <param name="clock">The clock for signing times; default <see cref="TimeProvider.System"/>.</param>
    /// <param name="keyCache">The signing-key cache; default <see cref="SigningKeyCache.Shared"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="credentials"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="region"/> or <paramref name="service"/> is empty or not a plain name.</exception>
    public HttpRequestSigner(IAwsCredentialsProvider credentials, string region, string service, SigningOptions? options = null, TimeProvider? clock = null, ISigningKeyCache? keyCache = null)
        : this(credentials, nameof(credentials), SignatureVersion.SigV4, clock)
    {
        Validate.ScopePart(region, nameof(region), "us-east-1");
        Validate.ScopePart(service, nameof(service), "s3");
        _provider = credentials;
        _region = region;
        _service = service;
        _options = options;
        _keyCache = keyCache;
    }

    private HttpRequestSigner(IAwsCredentialsProvider credentials, Func<string, string?>? bucketFromHost, TimeProvider? clock)
        : this(credentials, nameof(credentials), SignatureVersion.SigV2, clock)
    {
        _provider = credentials;
        _bucketFromHost = bucketFromHost;
    }

    /// <summary>The credentials provider, or null when the signer was made with a fixed <see cref="SigV4Signer"/> or <see cref="SigV2Signer"/>.</summary>
    public IAwsCredentialsProvider? CredentialsProvider => _provider;

    /// <summary>Creates an S3 SigV2 request signer whose credentials come from <paramref name="credentials"/> at each signature.</summary>
    /// <param name="credentials">The credentials provider.</param>
    /// <param name="bucketFromHost">The bucket a Host names, for virtual-host addressing; see <see cref="HttpRequestSigner(SigV2Signer, Func{string, string?}?, TimeProvider?)"/>.</param>
    /// <param name="clock">The clock for the <c>Date</c> header; default <see cref="TimeProvider.System"/>.</param>
    /// <returns>The signer.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="credentials"/> is null.</exception>
    public static HttpRequestSigner CreateSigV2(IAwsCredentialsProvider credentials, Func<string, string?>? bucketFromHost = null, TimeProvider? clock = null) =>
        new(credentials, bucketFromHost, clock);

    /// <summary>The SigV4 signer for the credentials to use now (asks the provider), for presigning; null for a SigV2 signer.</summary>
    /// <param name="cancellationToken">Cancels waiting for credentials.</param>
    /// <returns>The signer, or null.</returns>
    /// <exception cref="CredentialsNotFoundException">The provider has no credentials.</exception>
    public async ValueTask<SigV4Signer?> GetSigV4SignerAsync(CancellationToken cancellationToken = default) =>
        _provider is null ? _v4 : (await CurrentSignersAsync(cancellationToken).ConfigureAwait(false)).V4;

    /// <summary>The SigV2 signer for the credentials to use now (asks the provider), for presigning; null for a SigV4 signer.</summary>
    /// <param name="cancellationToken">Cancels waiting for credentials.</param>
    /// <returns>The signer, or null.</returns>
    /// <exception cref="CredentialsNotFoundException">The provider has no credentials.</exception>
    public async ValueTask<SigV2Signer?> GetSigV2SignerAsync(CancellationToken cancellationToken = default) =>
        _provider is null ? _v2 : (await CurrentSignersAsync(cancellationToken).ConfigureAwait(false)).V2;

    private async ValueTask<(SigV4Signer? V4, SigV2Signer? V2)> CurrentSignersAsync(CancellationToken cancellationToken)
    {
        var credentials = await _provider!.GetCredentialsAsync(cancellationToken).ConfigureAwait(false)
            ?? throw new CredentialsNotFoundException($"The credentials provider {_provider.GetType().Name} returned null: a provider returns credentials or throws.");
        var current = _current;
        if (current is null || !ReferenceEquals(current.Credentials, credentials))
        {
            current = _version == SignatureVersion.SigV4
                ? new ProviderSigners(credentials, new SigV4Signer(credentials, _region!, _service!, _options, _clock, _keyCache), null)
                : new ProviderSigners(credentials, null, new SigV2Signer(credentials, _clock));
            _current = current;
        }

        return (current.V4, current.V2);
    }

    private sealed record ProviderSigners(AwsCredentials Credentials, SigV4Signer? V4, SigV2Signer? V2);
}
