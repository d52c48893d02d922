using System.Net;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Signing.S3;

namespace Signing.Cli;

/// <summary>
/// The connection of <c>sigv curl</c>: the handler (no redirects, no decompression, no cookies),
/// the roots trusted (<c>--cacert</c> replaces the system's, as curl's does; <c>--capath</c> adds
/// to them), <c>-k</c>, and <c>--resolve</c> / <c>--connect-to</c>.
/// </summary>
internal sealed class CurlConnection(X509Certificate2Collection? caCert, X509Certificate2Collection? caPath)
{
    private readonly X509Certificate2Collection? _caCert = caCert;
    private readonly X509Certificate2Collection? _caPath = caPath;

    /// <summary>Reads --cacert (else CURL_CA_BUNDLE) and --capath; a file or directory that gives no certificate is curl's exit 77.</summary>
    /// <exception cref="CurlFailure">77: a CA file or directory cannot be read or holds no certificate.</exception>
    public static CurlConnection Load(CurlFlags flags)
    {
        X509Certificate2Collection? caCert = null, caPath = null;
        // As curl: with neither --cacert nor --capath (nor -k), CURL_CA_BUNDLE names the CA file.
        (string? file, string source) = flags.CaCert is not null || flags.CaPath is not null || flags.Insecure
            ? (flags.CaCert, "--cacert")
            : (Environment.GetEnvironmentVariable("CURL_CA_BUNDLE") is { Length: > 0 } bundle ? bundle : null, "CURL_CA_BUNDLE");
        if (file is not null)
        {
            try
            {
                caCert = TlsTrust.LoadCaBundle(file, source);
            }
            catch (ArgumentException e)
            {
                throw new CurlFailure(ExitCodes.BadCaCertificate, CliText.Message(e));
            }
        }

        if (flags.CaPath is { } directories)
        {
            caPath = [];
            foreach (string directory in directories.Split(':', StringSplitOptions.RemoveEmptyEntries))
            {
                if (!Directory.Exists(directory))
                {
                    throw new CurlFailure(ExitCodes.BadCaCertificate, $"--capath {CliText.Show(directory)}: no such directory: pass a directory of PEM CA certificates (such as /etc/ssl/certs).");
                }

                foreach (string path in Directory.EnumerateFiles(directory))
                {
                    try
                    {
                        caPath.ImportFromPemFile(path);
                    }
                    catch (Exception e) when (e is CryptographicException or IOException or UnauthorizedAccessException)
                    {
                        // As curl's OpenSSL lookup: a file that is no certificate is passed over.
                    }
                }
            }

            if (caPath.Count == 0)
            {
                throw new CurlFailure(ExitCodes.BadCaCertificate, $"--capath {CliText.Show(directories)} holds no PEM certificate: pass a directory of PEM CA certificates (such as /etc/ssl/certs), or --cacert FILE.");
            }
        }

        return new CurlConnection(caCert, caPath);
    }

    /// <summary>The HTTP client for one transfer; <paramref name="rejected"/> hears why a certificate was refused.</summary>
    public HttpClient CreateClient(CurlFlags flags, Action<(TlsFailureKind Kind, string Reason)> rejected)
    {
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            UseCookies = false,
            SslOptions = new SslClientAuthenticationOptions
            {
                CertificateChainPolicy = _caCert is null ? null : Policy(_caCert, _caPath),
                // -k accepts any certificate, as curl's --insecure; otherwise the verdict stands
                // (against --cacert, or the system's CAs and --capath), and a refusal is curl's 60.
                RemoteCertificateValidationCallback = (_, certificate, chain, errors) =>
                {
                    if (flags.Insecure || errors == SslPolicyErrors.None)
                    {
                        return true;
                    }

                    if (_caCert is null && _caPath is not null && errors == SslPolicyErrors.RemoteCertificateChainErrors && certificate is X509Certificate2 leaf && TrustedBy(_caPath, leaf, chain))
                    {
                        return true;
                    }

                    rejected(TlsTrust.DescribeRejection(errors, chain, certificate));
                    return false;
                },
            },
        };
        if (flags.ConnectTimeout is { } connect)
        {
            handler.ConnectTimeout = connect;
        }

        if (!flags.Routes.IsEmpty)
        {
            handler.ConnectCallback = flags.Routes.ConnectAsync;
        }

        return new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
    }

    private static X509ChainPolicy Policy(X509Certificate2Collection roots, X509Certificate2Collection? more)
    {
        var policy = new X509ChainPolicy { TrustMode = X509ChainTrustMode.CustomRootTrust, RevocationMode = X509RevocationMode.NoCheck };
        policy.CustomTrustStore.AddRange(roots);
        if (more is not null)
        {
            policy.CustomTrustStore.AddRange(more);
        }

        return policy;
    }

    /// <summary>Whether <paramref name="leaf"/> chains to a --capath certificate (the system's verdict having failed), its intermediates as the server sent them.</summary>
    private static bool TrustedBy(X509Certificate2Collection roots, X509Certificate2 leaf, X509Chain? sent)
    {
        using var chain = new X509Chain { ChainPolicy = Policy(roots, null) };
        if (sent is not null)
        {
            foreach (var element in sent.ChainElements)
            {
                chain.ChainPolicy.ExtraStore.Add(element.Certificate);
            }
        }

        return chain.Build(leaf);
    }
}
