using System.Security.Cryptography;
using Signing.Internal;

namespace Signing;

/// <summary>How <see cref="AwsSigningHandler"/> states the payload hash.</summary>
public enum PayloadSigning
{
    /// <summary>Hash the body (buffering it) and sign the hash.</summary>
    HashBody = 0,

    /// <summary>Sign <c>UNSIGNED-PAYLOAD</c>: no buffering; for S3 over HTTPS.</summary>
    UnsignedPayload = 1,
}

/// <summary>
/// An <see cref="HttpClient"/> handler that signs every outgoing request with SigV4 for one
/// region and service (S3 rules when the service is <c>s3</c>): the in-code replacement for
/// <c>curl --aws-sigv4</c>. It signs what goes on the wire: the <c>Host</c> header HttpClient sends
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
    private volatile bool _redirectsOff;

    /// <summary>
    /// Creates a handler around a signer. Set <see cref="DelegatingHandler.InnerHandler"/> (such as a
    /// <see cref="SocketsHttpHandler"/>); its automatic redirects are turned off before the first
    /// request (see the type's remarks).
    /// </summary>
    /// <param name="signer">The signer (credentials, region, service, rules).</param>
    /// <param name="payload">How the payload hash is stated; default <see cref="PayloadSigning.HashBody"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="signer"/> is null.</exception>
    public AwsSigningHandler(SigV4Signer signer, PayloadSigning payload = PayloadSigning.HashBody)
    {
        ArgumentNullException.ThrowIfNull(signer);
        Signer = signer;
        Payload = payload;
    }

    /// <summary>
    /// Creates a handler for credentials, region and service (S3 rules for <c>s3</c>). Its inner
    /// handler's automatic redirects are turned off before the first request (see the type's remarks).
    /// </summary>
    /// <param name="credentials">The credentials.</param>
    /// <param name="region">The region, such as <c>us-east-1</c>.</param>
    /// <param name="service">The service signing name, such as <c>s3</c>.</param>
    /// <param name="payload">How the payload hash is stated.</param>
    /// <exception cref="ArgumentException">The region or service is not a valid scope part.</exception>
    public AwsSigningHandler(AwsCredentials credentials, string region, string service, PayloadSigning payload = PayloadSigning.HashBody)
        : this(new SigV4Signer(credentials, region, service), payload)
    {
    }

    /// <summary>The signer.</summary>
    public SigV4Signer Signer { get; }

    /// <summary>How the payload hash is stated.</summary>
    public PayloadSigning Payload { get; }

    /// <summary>Signs the request and sends it; a redirect is returned, never followed.</summary>
    /// <param name="request">The request; its URI must be absolute.</param>
    /// <param name="cancellationToken">Cancels the send.</param>
    /// <returns>The response, a 3xx one as it came.</returns>
    /// <exception cref="ArgumentException">A header value holds CR, LF or another control; or the request cannot be signed.</exception>
    /// <exception cref="InvalidOperationException">The inner handler follows redirects and can no longer be changed.</exception>
    /// <exception cref="HttpRequestException">The send failed, or an inner handler followed a redirect.</exception>
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        TurnRedirectsOff();
        string payloadHash = await PayloadHashAsync(request, cancellationToken).ConfigureAwait(false);
        SignInPlace(request, Signer, payloadHash);
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

    /// <summary>Signs <paramref name="request"/> now and sets the resulting headers on it.</summary>
    /// <param name="request">The request; its URI must be absolute.</param>
    /// <param name="signer">The signer.</param>
    /// <param name="payloadHash">The payload hash to sign (hex SHA-256 or <c>UNSIGNED-PAYLOAD</c>).</param>
    /// <returns>What was signed.</returns>
    public static SignedRequest SignInPlace(HttpRequestMessage request, SigV4Signer signer, string payloadHash)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(signer);
        foreach (string owned in new[] { "Authorization", "X-Amz-Date" })
        {
            request.Headers.Remove(owned);
        }

        var target = UriParts.Of(request.RequestUri!, "request.RequestUri");
        var headers = WireHeaders(request);
        var view = new HttpRequestView(request.Method.Method, target.Path, target.Query, headers)
        {
            Host = request.Headers.Host ?? target.Host,
            PayloadHash = payloadHash,
        };
        var signed = signer.Sign(view);
        signed.ApplyTo(request);
        return signed;
    }

    /// <summary>
    /// The headers as HttpClient will write them: each name once, values joined with ", ". Each is
    /// checked as it will go on the wire: a CR or LF (even as a line fold, obsolete on the wire) or
    /// another control but tab throws <see cref="ArgumentException"/> naming the header, since .NET
    /// sends values added with <c>TryAddWithoutValidation</c> unchecked.
    /// </summary>
    internal static HttpHeader[] WireHeaders(HttpRequestMessage request)
    {
        var content = request.Content?.Headers.NonValidated;
        var headers = new HttpHeader[request.Headers.NonValidated.Count + (content?.Count ?? 0)];
        int n = 0;
        foreach (var h in request.Headers.NonValidated)
        {
            headers[n++] = Checked(h.Key, h.Value.ToString());
        }

        if (content is { } contentHeaders)
        {
            foreach (var h in contentHeaders)
            {
                headers[n++] = Checked(h.Key, h.Value.ToString());
            }
        }

        return headers;
    }

    private static HttpHeader Checked(string name, string value)
    {
        Validate.HeaderName(name);
        Validate.WireHeaderValue(name, value);
        return new HttpHeader(name, value);
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
    /// <see cref="DelegatingHandler"/>s). Shared with the S3 client, which never follows a redirect either.
    /// </summary>
    /// <returns>The first handler that follows redirects and can no longer be changed (it already sent requests), or null.</returns>
    internal static HttpMessageHandler? TurnAutoRedirectOff(HttpMessageHandler? handler)
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

    private async Task<string> PayloadHashAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Headers.TryGetValues(SigV4Constants.XAmzContentSha256, out var given))
        {
            return string.Join(",", given);
        }

        if (Payload == PayloadSigning.UnsignedPayload)
        {
            return SigV4Constants.UnsignedPayload;
        }

        if (request.Content is null)
        {
            return Hashing.EmptySha256Hex;
        }

#if NET9_0_OR_GREATER
        await request.Content.LoadIntoBufferAsync(cancellationToken).ConfigureAwait(false);
#else
        await request.Content.LoadIntoBufferAsync().ConfigureAwait(false);
#endif
        var stream = await request.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        byte[] hash = await SHA256.HashDataAsync(stream, cancellationToken).ConfigureAwait(false);
        if (stream.CanSeek)
        {
            stream.Position = 0;
        }

        return AsciiText.ToHexLowerString(hash);
    }
}
