using System.Collections.Concurrent;
using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;

namespace Signing.S3.Internal;

/// <summary>
/// The client's TLS settings: which roots are trusted (the system's, or exactly those of
/// <see cref="S3ClientOptions.CaBundle"/> and <see cref="S3ClientOptions.CaCertificates"/>),
/// whether validation is skipped (only when asked, loudly), and why the last certificate of each
/// host was refused, to turn the TLS layer's exception into one message with the fix.
/// </summary>
internal sealed class TlsSetup
{
    private readonly X509Certificate2Collection? _roots;
    private readonly bool _acceptAny;

    /// <summary>Why each host's certificate was last refused (by the callback of a handler set up here).</summary>
    private readonly ConcurrentDictionary<string, (TlsFailureKind Kind, string Reason)> _refused = new(StringComparer.OrdinalIgnoreCase);

    private TlsSetup(X509Certificate2Collection? roots, bool acceptAny)
    {
        _roots = roots;
        _acceptAny = acceptAny;
    }

    /// <summary>Whether the options ask for anything but the system's trust.</summary>
    public bool Customised => _roots is not null || _acceptAny;

    /// <summary>Reads the options' CA bundle and certificates.</summary>
    /// <exception cref="ArgumentException">A bad bundle, an empty certificate list, or a CA together with the option to skip validation.</exception>
    public static TlsSetup Create(S3ClientOptions options)
    {
        X509Certificate2Collection? roots = null;
        if (options.CaBundle is { } bundle)
        {
            try
            {
                roots = TlsTrust.LoadCaBundle(bundle, "CaBundle");
            }
            catch (ArgumentException e)
            {
                throw new ArgumentException(e.Message, nameof(options), e);
            }
        }

        if (options.CaCertificates is { } certificates)
        {
            if (certificates.Count == 0 || certificates.Any(c => c is null))
            {
                throw new ArgumentException("CaCertificates is empty or holds null: pass the CA certificate(s) to trust, or leave it null to trust the system's CAs.", nameof(options));
            }

            roots ??= [];
            roots.AddRange(certificates.ToArray());
        }

        if (roots is not null && options.DangerousAcceptAnyServerCertificate)
        {
            throw new ArgumentException("CaBundle/CaCertificates and DangerousAcceptAnyServerCertificate exclude each other: trusting a CA checks certificates, the other skips the check; pass one.", nameof(options));
        }

        return new TlsSetup(roots, options.DangerousAcceptAnyServerCertificate);
    }

    /// <summary>The TLS options of a handler: the chain policy (custom roots, revocation not checked, as the system default) and the callback that records refusals.</summary>
    public SslClientAuthenticationOptions SslOptions() => new()
    {
        CertificateChainPolicy = ChainPolicy(),
        RemoteCertificateValidationCallback = Validate,
    };

    private X509ChainPolicy? ChainPolicy()
    {
        if (_roots is null)
        {
            return null;
        }

        var policy = new X509ChainPolicy { TrustMode = X509ChainTrustMode.CustomRootTrust, RevocationMode = X509RevocationMode.NoCheck };
        policy.CustomTrustStore.AddRange(_roots);
        return policy;
    }

    /// <summary>
    /// Sets the options' TLS trust on the <see cref="SocketsHttpHandler"/> of a handler chain passed
    /// in (through <see cref="DelegatingHandler"/>s); nothing when the options ask for none.
    /// </summary>
    /// <exception cref="ArgumentException">No SocketsHttpHandler in the chain, it has TLS validation of its own, or it was used already.</exception>
    public void ApplyTo(HttpMessageHandler handler)
    {
        if (!Customised)
        {
            return;
        }

        for (HttpMessageHandler? h = handler; h is not null; h = (h as DelegatingHandler)?.InnerHandler)
        {
            if (h is SocketsHttpHandler sockets)
            {
                if (sockets.SslOptions.RemoteCertificateValidationCallback is not null || sockets.SslOptions.CertificateChainPolicy is not null)
                {
                    throw new ArgumentException("The handler has certificate validation of its own (SslOptions.RemoteCertificateValidationCallback or CertificateChainPolicy) and the options set CaBundle, CaCertificates or DangerousAcceptAnyServerCertificate: keep one of the two.", nameof(handler));
                }

                try
                {
                    var ssl = SslOptions();
                    sockets.SslOptions.CertificateChainPolicy = ssl.CertificateChainPolicy;
                    sockets.SslOptions.RemoteCertificateValidationCallback = ssl.RemoteCertificateValidationCallback;
                    return;
                }
                catch (InvalidOperationException e)
                {
                    throw new ArgumentException("The handler has sent requests already, so its TLS settings can no longer change: pass a new SocketsHttpHandler with CaBundle, CaCertificates or DangerousAcceptAnyServerCertificate.", nameof(handler), e);
                }
            }
        }

        throw new ArgumentException($"CaBundle, CaCertificates and DangerousAcceptAnyServerCertificate are set on a SocketsHttpHandler, and the handler given ({handler.GetType().Name}) has none in its chain: pass a SocketsHttpHandler (or DelegatingHandlers over one), or set the trust on your handler yourself.", nameof(handler));
    }

    /// <summary>
    /// The TLS failure <paramref name="e"/> stands for, as one message with the host, the reason
    /// and the fix; null when it is no TLS failure.
    /// </summary>
    public S3TlsException? Explain(Exception e, Uri uri, string? bucket, S3Addressing addressing)
    {
        if (e is S3TlsException known)
        {
            return known;
        }

        AuthenticationException? authentication = null;
        for (var inner = e; inner is not null && authentication is null; inner = inner.InnerException)
        {
            authentication = inner as AuthenticationException;
        }

        if (authentication is null && (e as HttpRequestException)?.HttpRequestError != HttpRequestError.SecureConnectionError)
        {
            return null;
        }

        string host = uri.IdnHost;
        string where = $"{host}:{uri.Port}";
        if (!_refused.TryRemove(host, out var refusal))
        {
            refusal = FromMessage(authentication?.Message);
        }

        string cause = (authentication ?? e).Message;
        string message = refusal.Kind switch
        {
            TlsFailureKind.Untrusted => $"TLS: the certificate of {where} is not trusted: {refusal.Reason}. "
                + (_roots is null
                    ? "If the server uses a private CA, trust it with S3ClientOptions.CaBundle (a PEM file) or CaCertificates (sigv s3: --ca-bundle or AWS_CA_BUNDLE)."
                    : "The CA bundle given does not hold the CA that signed it: add that CA (and any intermediate) to the bundle."),
            TlsFailureKind.NameMismatch => $"TLS: the certificate of {where} is not for the name {host}: {refusal.Reason}. " + NameFix(host, bucket, addressing),
            TlsFailureKind.Expired => $"TLS: the certificate of {where} is refused: {refusal.Reason}: renew the server's certificate, or check this machine's clock.",
            TlsFailureKind.NoCertificate => $"TLS: {where} sent no certificate: check that the endpoint is the S3 server.",
            _ => $"TLS: the handshake with {where} failed ({cause.TrimEnd('.')}): check that the server speaks HTTPS on port {uri.Port} (use http:// for a plain HTTP port) and supports TLS 1.2 or 1.3.",
        };
        return new S3TlsException(message, where, refusal.Kind, e);
    }

    private static string NameFix(string host, string? bucket, S3Addressing addressing) =>
        addressing == S3Addressing.VirtualHost && bucket is not null && bucket.Contains('.', StringComparison.Ordinal)
            ? $"The bucket name '{bucket}' holds dots, so under virtual-host addressing the host name {host} has labels a wildcard certificate (*.domain) does not cover: use path-style addressing (S3Addressing.PathStyle; sigv s3 --path-style), as the AWS CLI does for such buckets."
            : "Put a name the certificate holds in the endpoint (the one in the server's certificate, not an alias or IP address it does not name).";

    /// <summary>The refusal as .NET's own message gives it (a handler set up elsewhere): its enum names are not translated.</summary>
    private static (TlsFailureKind, string) FromMessage(string? message) => message switch
    {
        null => (TlsFailureKind.Handshake, string.Empty),
        _ when message.Contains("RemoteCertificateNameMismatch", StringComparison.Ordinal) => (TlsFailureKind.NameMismatch, "no name in it matches (RemoteCertificateNameMismatch)"),
        _ when message.Contains("NotTimeValid", StringComparison.Ordinal) => (TlsFailureKind.Expired, "it has expired or is not valid yet (NotTimeValid)"),
        _ when message.Contains("PartialChain", StringComparison.Ordinal) || message.Contains("UntrustedRoot", StringComparison.Ordinal) || message.Contains("RemoteCertificateChainErrors", StringComparison.Ordinal)
            => (TlsFailureKind.Untrusted, $"its chain does not end at a trusted CA ({message})"),
        _ => (TlsFailureKind.Handshake, string.Empty),
    };

    private bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (_acceptAny || errors == SslPolicyErrors.None)
        {
            return true;
        }

        if ((sender as SslStream)?.TargetHostName is { Length: > 0 } host)
        {
            _refused[host] = TlsTrust.DescribeRejection(errors, chain, certificate);
        }

        return false;
    }
}
