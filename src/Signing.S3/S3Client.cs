using Signing.S3.Internal;

namespace Signing.S3;

/// <summary>
/// A small S3 client: every operation is a thin method over one send path that builds the URL
/// (path-style or virtual-host), signs each attempt afresh (SigV4, SigV2 or hybrid), retries
/// 5xx, 429, SlowDown, RequestTimeout and connection failures with jittered exponential back-off,
/// corrects a skewed clock, and maps error responses to <see cref="S3Exception"/>. Thread-safe.
/// </summary>
public sealed partial class S3Client : IDisposable
{
    private readonly HttpClient _http;
    private readonly bool _ownsHttp;

    /// <summary>Takes the session token and secret out of server text before it goes into a message.</summary>
    private SecretRedactor _redactor;

    /// <summary>The credentials <see cref="_redactor"/> was made for (they change with a provider).</summary>
    private AwsCredentials? _redactorFor;
    private readonly SkewedClock _clock;
    private readonly S3Endpoint _endpoint;
    private readonly HttpRequestSigner? _v4;
    private readonly HttpRequestSigner? _v2;
    private readonly TlsSetup _tls;

    /// <summary>Creates a client that owns its own <see cref="HttpClient"/>.</summary>
    /// <param name="options">The endpoint, credentials and policies.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    /// <exception cref="ArgumentException">An option is out of range, or the CA bundle cannot be read (see <see cref="S3ClientOptions"/>).</exception>
    public S3Client(S3ClientOptions options)
        : this(options, null, null)
    {
    }

    /// <summary>
    /// Creates a client over a handler (for instance a test double, or a handler with a proxy or a
    /// connect callback). Redirects are never followed: on a <see cref="SocketsHttpHandler"/> or
    /// <see cref="HttpClientHandler"/> (also inside <see cref="DelegatingHandler"/>s) not yet used,
    /// <c>AllowAutoRedirect</c> is switched off; a redirect another handler follows anyway is
    /// reported as an <see cref="S3Exception"/>. <see cref="S3ClientOptions.CaBundle"/>,
    /// <see cref="S3ClientOptions.CaCertificates"/> and <see cref="S3ClientOptions.DangerousAcceptAnyServerCertificate"/>
    /// are set on the chain's <see cref="SocketsHttpHandler"/>.
    /// </summary>
    /// <param name="options">The endpoint, credentials and policies.</param>
    /// <param name="handler">The handler; disposed with the client.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> or <paramref name="handler"/> is null.</exception>
    /// <exception cref="ArgumentException">An option is out of range (see <see cref="S3ClientOptions"/>), or TLS options are set and the handler cannot take them (no unused SocketsHttpHandler without validation of its own).</exception>
    public S3Client(S3ClientOptions options, HttpMessageHandler handler)
        : this(options, handler ?? throw new ArgumentNullException(nameof(handler)), null)
    {
    }

    /// <summary>Creates a client over a shared <see cref="HttpClient"/>, which is not disposed with the client.</summary>
    /// <param name="options">The endpoint, credentials and policies.</param>
    /// <param name="httpClient">The HTTP client; its own timeout also applies.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> or <paramref name="httpClient"/> is null.</exception>
    /// <exception cref="ArgumentException">An option is out of range (see <see cref="S3ClientOptions"/>), or a TLS option is set (an HttpClient keeps its handler's TLS settings).</exception>
    public S3Client(S3ClientOptions options, HttpClient httpClient)
        : this(options, null, httpClient ?? throw new ArgumentNullException(nameof(httpClient)))
    {
    }

    /// <summary>The handler of a client that makes its own: never follows redirects, connects within <see cref="S3ClientOptions.ConnectTimeout"/>, trusts as the options say.</summary>
    private static SocketsHttpHandler CreateHandler(S3ClientOptions options, TlsSetup tls) => new()
    {
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        AllowAutoRedirect = false,
        ConnectTimeout = options.ConnectTimeout,
        SslOptions = tls.SslOptions(),
    };

    private S3Client(S3ClientOptions options, HttpMessageHandler? handler, HttpClient? httpClient)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(options.Endpoint);
        string? wrong = !options.Endpoint.IsAbsoluteUri || (options.Endpoint.Scheme != Uri.UriSchemeHttp && options.Endpoint.Scheme != Uri.UriSchemeHttps)
                ? $"Endpoint '{options.Endpoint}' is not an absolute http(s) URL: pass one such as https://s3.us-east-1.amazonaws.com or http://127.0.0.1:9000."
            : options.Payload is null || options.Payload.Kind == PayloadKind.Sha256
                ? $"Payload {options.Payload?.Kind.ToString() ?? "null"} cannot describe every request body: pass Payload.HashBody (the default), Payload.Unsigned or Payload.Streaming()."
            : options.Payload.Kind == PayloadKind.Unsigned && options.Endpoint.Scheme != Uri.UriSchemeHttps && !options.AllowUnsignedPayloadOverHttp
                ? $"Payload Unsigned over {options.Endpoint.Scheme} would leave request bodies unprotected: use an https endpoint, or set AllowUnsignedPayloadOverHttp = true (test servers)."
            : null;
        if (wrong is not null)
        {
            throw new ArgumentException(wrong, nameof(options));
        }

        if (options.MaxAttempts < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.MaxAttempts, $"MaxAttempts {options.MaxAttempts} is out of range: pass 1 (no retry) or more.");
        }

        CheckTimeout(options, options.Timeout, "Timeout");
        CheckTimeout(options, options.IdleTimeout, "IdleTimeout");
        CheckTimeout(options, options.ConnectTimeout, "ConnectTimeout");
        _tls = TlsSetup.Create(options);
        if (httpClient is not null && _tls.Customised)
        {
            throw new ArgumentException("CaBundle, CaCertificates and DangerousAcceptAnyServerCertificate apply to a handler, and an HttpClient passed in keeps its handler's TLS settings: set the trust on its SocketsHttpHandler (SslOptions.CertificateChainPolicy), or pass the handler instead of the HttpClient.", nameof(options));
        }

        if (handler is not null)
        {
            _tls.ApplyTo(handler);
            AwsSigningHandler.TurnAutoRedirectOff(handler);
        }

        // A client made with an HttpClient does not own it; one made with a handler, or none, owns the HttpClient it makes.
        _ownsHttp = httpClient is null;
        _http = httpClient ?? new HttpClient(handler ?? CreateHandler(options, _tls)) { Timeout = System.Threading.Timeout.InfiniteTimeSpan };

        Options = options;
        _redactor = new SecretRedactor(options.CredentialsProvider is null ? options.Credentials : null);
        _redactorFor = options.CredentialsProvider is null ? options.Credentials : null;
        _clock = new SkewedClock(options.TimeProvider ?? TimeProvider.System);
        _endpoint = new S3Endpoint(options.Endpoint);
        if (options.CredentialsProvider is { } provider)
        {
            _v4 = new HttpRequestSigner(provider, options.Region, "s3", SigningOptions.S3, _clock);
            _v2 = HttpRequestSigner.CreateSigV2(provider, options.Addressing == S3Addressing.VirtualHost ? HttpRequestSigner.VirtualHostBucket(_endpoint.HostHeader) : null, _clock);
        }
        else if (options.Credentials is { } credentials)
        {
            _v4 = new HttpRequestSigner(new SigV4Signer(credentials, options.Region, "s3", SigningOptions.S3, _clock), _clock);
            _v2 = new HttpRequestSigner(new SigV2Signer(credentials, _clock), options.Addressing == S3Addressing.VirtualHost ? HttpRequestSigner.VirtualHostBucket(_endpoint.HostHeader) : null, _clock);
        }
    }

    /// <summary>The options the client was created with.</summary>
    public S3ClientOptions Options { get; }

    /// <summary>The correction applied to the clock after a <c>RequestTimeTooSkewed</c> answer (zero until then).</summary>
    public TimeSpan ClockOffset => _clock.Offset;

    /// <summary>Where stream uploads rent their part buffers; replaceable by tests (to prove every buffer goes back).</summary>
    internal System.Buffers.ArrayPool<byte> PartPool { get; set; } = System.Buffers.ArrayPool<byte>.Shared;

    /// <summary>The back-off wait; replaceable by tests.</summary>
    internal Func<TimeSpan, CancellationToken, Task> Delay { get; set; } = static (d, ct) => Task.Delay(d, ct);

    /// <summary>The URL of an object without any signature: readable by anyone only if the object (or bucket) is public.</summary>
    /// <param name="bucket">The bucket.</param>
    /// <param name="key">The object key.</param>
    /// <returns>The URL, path and query kept exactly as built.</returns>
    /// <exception cref="ArgumentException">A bad bucket or key.</exception>
    public Uri GetPublicUrl(string bucket, string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(bucket);
        ArgumentNullException.ThrowIfNull(key);
        return S3Uri.Build(_endpoint, Options.Addressing, bucket, key, []);
    }

    private static void CheckTimeout(S3ClientOptions options, TimeSpan value, string name)
    {
        if ((value <= TimeSpan.Zero || value.TotalMilliseconds > int.MaxValue) && value != System.Threading.Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(options), value, $"{name} {value} is out of range: pass a positive time up to 24 days, or Timeout.InfiniteTimeSpan for no limit.");
        }
    }

    /// <summary>Disposes the HTTP client when the client created it.</summary>
    public void Dispose()
    {
        if (_ownsHttp)
        {
            _http.Dispose();
        }
    }

    /// <summary>Shows the options; never the secret.</summary>
    /// <returns>A one-line description.</returns>
    public override string ToString() => $"S3Client {{ {Options} }}";
}
