namespace Signing.Cli;

/// <summary>
/// sigv's exit codes (documented in the README and in --help). 0 to 3 are sigv's own;
/// <c>sigv curl</c> also returns curl's codes for the failures curl names (6, 7, 22, 23, 28, 35, 60, 77),
/// so scripts written for <c>curl --aws-sigv4</c> keep working. curl's 2 (failed to initialize) and
/// 3 (malformed URL) are not used in curl's sense: a malformed URL is a usage error (2) here.
/// 130 and 143 are a run ended by SIGINT or SIGTERM after cleaning up.
/// </summary>
internal static class ExitCodes
{
    /// <summary>Success. For <c>sigv curl</c>, as in curl, also an HTTP error status without -f/--fail.</summary>
    public const int Ok = 0;

    /// <summary>
    /// The request failed (network error, S3 error) where no more specific code applies; for
    /// <c>sigv curl</c>, a connection dropped mid-request or mid-response (curl's 52, 55, 56).
    /// </summary>
    public const int RequestFailed = 1;

    /// <summary>Bad usage: unknown flag, missing or malformed value, malformed URL, missing -T or @ file.</summary>
    public const int Usage = 2;

    /// <summary>No credentials could be found.</summary>
    public const int NoCredentials = 3;

    /// <summary><c>sigv curl</c>, as curl's 6: the host name could not be resolved.</summary>
    public const int CouldNotResolveHost = 6;

    /// <summary><c>sigv curl</c>, as curl's 7: could not connect to the server (refused, unreachable).</summary>
    public const int CouldNotConnect = 7;

    /// <summary><c>sigv curl</c>, as curl's 22: the HTTP status was 400 or above and -f/--fail or --fail-with-body was given.</summary>
    public const int HttpError = 22;

    /// <summary><c>sigv curl</c>, as curl's 23: the response could not be written (-o file or standard output).</summary>
    public const int WriteError = 23;

    /// <summary><c>sigv curl</c>, as curl's 28: --max-time or --connect-timeout ran out.</summary>
    public const int TimedOut = 28;

    /// <summary><c>sigv curl</c>, as curl's 35: the TLS handshake failed for a reason other than the certificate.</summary>
    public const int TlsHandshakeFailed = 35;

    /// <summary><c>sigv curl</c>, as curl's 60: the server's certificate is refused: not trusted, not for the host name, or expired (-k/--insecure skips the check).</summary>
    public const int UntrustedCertificate = 60;

    /// <summary><c>sigv curl</c>, as curl's 77: the --cacert file or --capath directory cannot be read or holds no certificate.</summary>
    public const int BadCaCertificate = 77;

    /// <summary>Interrupted by SIGINT (Ctrl+C), 128 + 2 as a shell reports it; <c>s3</c> and <c>curl</c> clean up first.</summary>
    public const int Interrupted = 130;

    /// <summary>Terminated by SIGTERM, 128 + 15 as a shell reports it; <c>s3</c> and <c>curl</c> clean up first.</summary>
    public const int Terminated = 143;

    /// <summary>Every code sigv may return, for tests and documentation.</summary>
    public static readonly int[] All = [Ok, RequestFailed, Usage, NoCredentials, CouldNotResolveHost, CouldNotConnect, HttpError, WriteError, TimedOut, TlsHandshakeFailed, UntrustedCertificate, BadCaCertificate, Interrupted, Terminated];
}
