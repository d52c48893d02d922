using System.Globalization;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Signing.S3;

/// <summary>Why the TLS connection to a server failed.</summary>
public enum TlsFailureKind
{
    /// <summary>The handshake failed before any verdict on the certificate (protocol, cipher, or not a TLS server at all).</summary>
    Handshake = 0,

    /// <summary>The certificate's chain does not end at a trusted CA (a private CA not trusted here, a missing intermediate, a self-signed certificate).</summary>
    Untrusted = 1,

    /// <summary>The certificate does not name the host connected to.</summary>
    NameMismatch = 2,

    /// <summary>The certificate (or one in its chain) has expired or is not valid yet.</summary>
    Expired = 3,

    /// <summary>The server sent no certificate.</summary>
    NoCertificate = 4,
}

/// <summary>
/// Trust in servers with a private CA: reading a PEM CA bundle, and saying why a server
/// certificate was refused. Used by <see cref="S3Client"/> (<see cref="S3ClientOptions.CaBundle"/>)
/// and by callers that set up their own <see cref="SocketsHttpHandler"/>.
/// </summary>
public static class TlsTrust
{
    /// <summary>The largest CA bundle read: far more than the system bundle (about 200 KB).</summary>
    public const int MaxBundleBytes = 16 * 1024 * 1024;

    /// <summary>
    /// Reads the certificates of a PEM file (one or more <c>-----BEGIN CERTIFICATE-----</c> blocks;
    /// other blocks are skipped), as the AWS CLI's <c>ca_bundle</c> and curl's <c>--cacert</c> take it.
    /// </summary>
    /// <param name="path">The file.</param>
    /// <param name="source">What named the file, for messages, such as <c>--ca-bundle</c> or <c>S3ClientOptions.CaBundle</c>.</param>
    /// <returns>The certificates, at least one.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> or <paramref name="source"/> is null.</exception>
    /// <exception cref="ArgumentException">The path is empty, names no file or a directory, cannot be read, or holds no readable certificate; the message names <paramref name="source"/> and the path.</exception>
    public static X509Certificate2Collection LoadCaBundle(string path, string source)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(source);
        const string Fix = "pass a PEM file holding the CA certificate(s) to trust (-----BEGIN CERTIFICATE----- blocks), such as the private CA's ca.crt";
        string? wrong = path.Length == 0 ? "is empty" : Directory.Exists(path) ? $"'{path}' is a directory" : !File.Exists(path) ? $"'{path}': no such file" : null;
        if (wrong is not null)
        {
            throw new ArgumentException($"{source} {wrong}: {Fix}.", nameof(path));
        }

        string text;
        try
        {
            if (new FileInfo(path).Length > MaxBundleBytes)
            {
                throw new ArgumentException($"{source} '{path}' is larger than {MaxBundleBytes / (1024 * 1024)} MiB, too large for a CA bundle: {Fix}.", nameof(path));
            }

            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ArgumentException($"{source} '{path}' cannot be read ({e.Message}): check its permissions.", nameof(path), e);
        }

        var certificates = new X509Certificate2Collection();
        try
        {
            certificates.ImportFromPem(text);
        }
        catch (CryptographicException e)
        {
            throw new ArgumentException($"{source} '{path}' holds a certificate block that cannot be read ({e.Message}): {Fix}.", nameof(path), e);
        }

        if (certificates.Count == 0)
        {
            string what = string.IsNullOrWhiteSpace(text) ? "is empty" : "holds no PEM certificate (no -----BEGIN CERTIFICATE----- block; a DER file converts with 'openssl x509 -inform der -in FILE -out FILE.pem')";
            throw new ArgumentException($"{source} '{path}' {what}: {Fix}.", nameof(path));
        }

        return certificates;
    }

    /// <summary>Why a server certificate was refused, in words, and its kind.</summary>
    /// <param name="errors">The errors TLS validation found (not <see cref="SslPolicyErrors.None"/>).</param>
    /// <param name="chain">The chain that was built, if any.</param>
    /// <param name="certificate">The server's certificate, if any (its names are quoted on a name mismatch).</param>
    /// <returns>The kind, and a clause such as <c>its chain does not end at a trusted CA (PartialChain)</c>.</returns>
    public static (TlsFailureKind Kind, string Reason) DescribeRejection(SslPolicyErrors errors, X509Chain? chain, X509Certificate? certificate)
    {
        if ((errors & SslPolicyErrors.RemoteCertificateNotAvailable) != 0)
        {
            return (TlsFailureKind.NoCertificate, "the server sent no certificate");
        }

        var kind = TlsFailureKind.Handshake;
        var reasons = new List<string>(2);
        if ((errors & SslPolicyErrors.RemoteCertificateChainErrors) != 0)
        {
            var flags = (chain?.ChainStatus ?? []).Aggregate(X509ChainStatusFlags.NoError, (all, status) => all | status.Status);

            bool expired = (flags & (X509ChainStatusFlags.NotTimeValid | X509ChainStatusFlags.NotTimeNested)) != 0;
            kind = expired ? TlsFailureKind.Expired : TlsFailureKind.Untrusted;
            var untrusted = flags & ~(X509ChainStatusFlags.NotTimeValid | X509ChainStatusFlags.NotTimeNested);
            if (expired)
            {
                reasons.Add(certificate is X509Certificate2 c
                    ? string.Create(CultureInfo.InvariantCulture, $"it has expired or is not valid yet (valid {c.NotBefore.ToUniversalTime():yyyy-MM-dd'T'HH:mm:ss'Z'} to {c.NotAfter.ToUniversalTime():yyyy-MM-dd'T'HH:mm:ss'Z'})")
                    : "it (or a certificate of its chain) has expired or is not valid yet");
            }

            if (untrusted != X509ChainStatusFlags.NoError || !expired)
            {
                kind = TlsFailureKind.Untrusted;
                reasons.Add($"its chain does not end at a trusted CA ({(untrusted == X509ChainStatusFlags.NoError ? "chain errors" : untrusted.ToString())})");
            }
        }

        if ((errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0)
        {
            if (kind == TlsFailureKind.Handshake)
            {
                kind = TlsFailureKind.NameMismatch;
            }

            string names = Names(certificate);
            reasons.Add(names.Length == 0 ? "no name in it matches" : $"it names {names}");
        }

        return (kind, reasons.Count == 0 ? $"validation failed ({errors})" : string.Join("; ", reasons));
    }

    /// <summary>The DNS names and IP addresses a certificate is for (its subject alternative names), cut to a readable length.</summary>
    private static string Names(X509Certificate? certificate)
    {
        if (certificate is not X509Certificate2 c)
        {
            return string.Empty;
        }

        var names = c.Extensions.OfType<X509SubjectAlternativeNameExtension>()
            .SelectMany(san => san.EnumerateDnsNames().Concat(san.EnumerateIPAddresses().Select(a => a.ToString()))).ToList();

        if (names.Count == 0)
        {
            names.Add(c.GetNameInfo(X509NameType.DnsName, forIssuer: false));
        }

        return string.Join(", ", names.Where(n => n.Length > 0).Take(8)) + (names.Count > 8 ? ", ..." : string.Empty);
    }
}
