using System.Net;

namespace Signing;

/// <summary>
/// AWS STS (or a server speaking its API, such as Ceph RGW) refused a call: its HTTP status, error
/// code and message, parsed from the XML answer (<c>ErrorResponse/Error</c>, or the S3-style
/// <c>Error</c> some servers send). The message holds no secret or token.
/// </summary>
public sealed class StsException : Exception
{
    /// <summary>Creates the exception.</summary>
    public StsException()
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    public StsException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public StsException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception for an error answer.</summary>
    /// <param name="message">The message.</param>
    /// <param name="statusCode">The HTTP status.</param>
    /// <param name="errorCode">The STS error code, such as <c>AccessDenied</c>, or null when the answer had none.</param>
    /// <param name="requestId">The request id, or null.</param>
    public StsException(string message, HttpStatusCode statusCode, string? errorCode, string? requestId)
        : base(message)
    {
        StatusCode = statusCode;
        ErrorCode = errorCode;
        RequestId = requestId;
    }

    /// <summary>The HTTP status of the answer (0 when there was none).</summary>
    public HttpStatusCode StatusCode { get; }

    /// <summary>The error code, such as <c>AccessDenied</c>, <c>ExpiredTokenException</c> or <c>InvalidIdentityToken</c>; null when the answer had none.</summary>
    public string? ErrorCode { get; }

    /// <summary>The request id the server gave, or null.</summary>
    public string? RequestId { get; }
}
