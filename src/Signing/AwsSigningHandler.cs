using Signing.Internal;

namespace Signing;

/// <summary>
/// An <see cref="HttpClient"/> handler that signs every outgoing request with SigV4 for one
/// region and service (S3 rules when the service is <c>s3</c>), or with SigV4a or SigV2 through an
/// <see cref="HttpRequestSigner"/>: the in-code replacement for <c>curl --aws-sigv4</c>. It signs what goes on the wire: the <c>Host</c> header HttpClient sends
/// and <see cref="Uri.PathAndQuery"/>, which <see cref="Uri"/> escapes and, unless the URI was
/// created with <see cref="UriCreationOptions.DangerousDisablePathAndQueryCanonicalization"/>,
/// rewrites (dot segments removed); create S3 URIs for keys such as <c>a/../b</c> with that option.
/// Every header present is signed except the never-signed ones (hop-by-hop, <c>User-Agent</c>).
/// A request that already carries <c>x-amz-content-sha256</c> is signed with that hash. A header
/// value with CR, LF or another control but tab (which .NET lets through when added with
/// <c>TryAddWithoutValidation</c>) is refused with an <see cref="ArgumentException"/> before
/// anything is sent.
/// <para>
/// <b>Redirects are never followed</b>: a redirect would re-send the signed headers (the session
/// token among them) and the body to whatever host <c>Location</c> names. Before its first request
/// the handler turns <see cref="SocketsHttpHandler.AllowAutoRedirect"/> (or
/// <see cref="HttpClientHandler.AllowAutoRedirect"/>) off on the handler it wraps, directly or
/// through other <see cref="DelegatingHandler"/>s; a 3xx answer is returned to the caller as it
/// came. When that is impossible (the inner handler already sent requests with redirects on) it
/// throws <see cref="InvalidOperationException"/> before sending; when an inner handler of another
/// kind followed a redirect anyway, it throws <see cref="HttpRequestException"/> naming the host.
/// </para>
/// </summary>
public sealed class AwsSigningHandler : DelegatingHandler
{
    private readonly object _redirectGate = new();
    private readonly HttpRequestSigner _requestSigner;
    private volatile bool _redirectsOff;

    /// <summary>
    /// Creates a handler around a signer. Set <see cref="DelegatingHandler.InnerHandler"/> (such as a
    /// <see cref="SocketsHttpHandler"/>); its automatic redirects are turned off before the first
    /// request (see the type's remarks).
    /// </summary>
    /// <param name="signer">The signer (credentials, region, service, rules).</param>
    /// <param name="payload">How bodies are signed; default <see cref="Payload.HashBody"/> (the content is buffered to be hashed). A streaming payload sends every body as <c>aws-chunked</c>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="signer"/> is null.</exception>
    public AwsSigningHandler(SigV4Signer signer, Payload? payload = null)
        : this(new HttpRequestSigner(signer), payload) // throws for a null signer, naming it
    {
    }

    /// <summary>
    /// Creates a handler around a request signer of any algorithm: SigV4, SigV4a (one signature
    /// for a region set, as S3 Multi-Region Access Points need) or S3 SigV2. Its inner handler's
    /// automatic redirects are turned off before the first request (see the type's remarks).
    /// </summary>
    /// <param name="signer">The request signer, such as <c>new HttpRequestSigner(new SigV4aSigner(...))</c>.</param>
    /// <param name="payload">How bodies are signed; default <see cref="Payload.HashBody"/>. SigV2 signs no payload.</param>
    /// <exception cref="ArgumentNullException"><paramref name="signer"/> is null.</exception>
    public AwsSigningHandler(HttpRequestSigner signer, Payload? payload = null)
    {
        ThrowHelper.IfNull(signer);
        _requestSigner = signer;
        Payload = payload ?? Payload.HashBody;
    }

    /// <summary>
    /// Creates a handler whose credentials come from <paramref name="credentials"/> at each request
    /// (such as <see cref="AwsCredentialChain.CreateProvider"/>: temporary credentials are renewed
    /// before they expire). Its inner handler's automatic redirects are turned off before the first
    /// request (see the type's remarks).
    /// </summary>
    /// <param name="credentials">The credentials provider.</param>
    /// <param name="region">The region, such as <c>us-east-1</c>.</param>
    /// <param name="service">The service signing name, such as <c>s3</c>.</param>
    /// <param name="payload">How bodies are signed; default <see cref="Payload.HashBody"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="credentials"/> is null.</exception>
    /// <exception cref="ArgumentException">The region or service is not a valid scope part.</exception>
    public AwsSigningHandler(IAwsCredentialsProvider credentials, string region, string service, Payload? payload = null)
        : this(new HttpRequestSigner(credentials, region, service), payload)
    {
    }

    /// <summary>
    /// Creates a handler for credentials, region and service (S3 rules for <c>s3</c>). Its inner
    /// handler's automatic redirects are turned off before the first request (see the type's remarks).
    /// </summary>
    /// <param name="credentials">The credentials.</param>
    /// <param name="region">The region, such as <c>us-east-1</c>.</param>
    /// <param name="service">The service signing name, such as <c>s3</c>.</param>
    /// <param name="payload">How bodies are signed; default <see cref="Payload.HashBody"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="credentials"/> is null.</exception>
    /// <exception cref="ArgumentException">The region or service is not a valid scope part.</exception>
    public AwsSigningHandler(AwsCredentials credentials, string region, string service, Payload? payload = null)
        : this(new SigV4Signer(credentials ?? throw new ArgumentNullException(nameof(credentials)), region, service), payload)
    {
    }

    /// <summary>The SigV4 signer: the fixed one, or with a credentials provider the one of the credentials last signed with (null before the first request); null for a SigV4a or SigV2 request signer.</summary>
    public SigV4Signer? Signer => _requestSigner.SigV4;

    /// <summary>How bodies are signed. A request that already carries <c>x-amz-content-sha256</c> is signed with that hash when this is <see cref="Payload.HashBody"/>.</summary>
    public Payload Payload { get; }

    /// <summary>Signs the request and sends it; a redirect is returned, never followed.</summary>
    /// <param name="request">The request; its URI must be absolute.</param>
    /// <param name="cancellationToken">Cancels the send.</param>
    /// <returns>The response, a 3xx one as it came.</returns>
    /// <exception cref="ArgumentException">A header value holds CR, LF or another control; or the request cannot be signed.</exception>
    /// <exception cref="InvalidOperationException">The inner handler follows redirects and can no longer be changed.</exception>
    /// <exception cref="HttpRequestException">The send failed, or an inner handler followed a redirect.</exception>
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ThrowHelper.IfNull(request);

        TurnRedirectsOff();
        await _requestSigner.SignAsync(request, Payload, cancellationToken).ConfigureAwait(false);
        var signedUri = request.RequestUri;
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var answered = response.RequestMessage?.RequestUri;
        if (answered is not null && signedUri is not null && !ReferenceEquals(answered, signedUri) && answered != signedUri)
        {
            response.Dispose();
            throw new HttpRequestException(
                $"The request to {signedUri.Authority} was redirected to {answered.Authority} and the inner handler ({InnerHandler?.GetType().Name}) followed it, " +
                "sending the signed request there: disable auto-redirect on it (AllowAutoRedirect = false).");
        }

        return response;
    }

    /// <summary>
    /// Turns automatic redirects off on the handler this one wraps (through any DelegatingHandlers),
    /// once, before the first request: a redirect would carry the signed headers and the body to
    /// another host.
    /// </summary>
    private void TurnRedirectsOff()
    {
        if (_redirectsOff)
        {
            return;
        }

        lock (_redirectGate)
        {
            if (_redirectsOff)
            {
                return;
            }

            if (TurnAutoRedirectOff(InnerHandler) is { } stuck)
            {
                throw new InvalidOperationException(
                    $"The inner {stuck.GetType().Name} follows redirects (AllowAutoRedirect = true) and has already sent requests, so it can no longer be changed: " +
                    "a redirect would carry the signed headers and the body to another host. Create it with AllowAutoRedirect = false, or give AwsSigningHandler a new one.");
            }

            _redirectsOff = true;
        }
    }

    /// <summary>
    /// Turns <c>AllowAutoRedirect</c> off on every <see cref="SocketsHttpHandler"/> and
    /// <see cref="HttpClientHandler"/> in <paramref name="handler"/>'s chain (through
    /// <see cref="DelegatingHandler"/>s): a redirect would re-send signed headers and the body to
    /// whatever host <c>Location</c> names. The S3 client does it to the handler it is given.
    /// </summary>
    /// <param name="handler">The first handler of the chain; null does nothing.</param>
    /// <returns>The first handler that follows redirects and can no longer be changed (it already sent requests), or null when every one is off.</returns>
    public static HttpMessageHandler? TurnAutoRedirectOff(HttpMessageHandler? handler)
    {
        for (; handler is not null; handler = (handler as DelegatingHandler)?.InnerHandler)
        {
            try
            {
                if (handler is SocketsHttpHandler { AllowAutoRedirect: true } sockets)
                {
                    sockets.AllowAutoRedirect = false;
                }
                else if (handler is HttpClientHandler { AllowAutoRedirect: true } client)
                {
                    client.AllowAutoRedirect = false;
                }
            }
            catch (InvalidOperationException)
            {
                return handler;
            }
        }

        return null;
    }
}
