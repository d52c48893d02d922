namespace Signing.S3;

/// <summary>
/// The TLS connection to the server failed: its certificate was refused (not trusted, not for
/// this host name, expired) or the handshake failed. The message names the host, the reason and
/// the fix. Certificate refusals are not retried; a handshake failure is, like a dropped connection.
/// </summary>
public sealed class S3TlsException : HttpRequestException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">The host, the reason and the fix.</param>
    /// <param name="host">The host name (and port) the client connected to.</param>
    /// <param name="kind">Why it failed.</param>
    /// <param name="innerException">The TLS layer's exception.</param>
    public S3TlsException(string message, string host, TlsFailureKind kind, Exception? innerException)
        : base(HttpRequestError.SecureConnectionError, message, innerException)
    {
        Host = host;
        Kind = kind;
    }

    /// <summary>The host (and port) the client connected to, such as <c>bucket.s3.example.com:443</c>.</summary>
    public string Host { get; }

    /// <summary>Why it failed.</summary>
    public TlsFailureKind Kind { get; }
}
