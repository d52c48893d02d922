using System.Net;

namespace Signing.S3;

/// <summary>
/// An S3 error response: the HTTP status, the S3 error code (<c>NoSuchKey</c>, <c>AccessDenied</c>,
/// <c>SignatureDoesNotMatch</c>, ...), the server's message, request id and resource. Never holds a secret.
/// </summary>
public sealed class S3Exception : Exception
{
    /// <summary>Creates an exception with a message only.</summary>
    public S3Exception()
        : this("S3 request failed.")
    {
    }

    /// <summary>Creates an exception with a message.</summary>
    /// <param name="message">The message.</param>
    public S3Exception(string message)
        : base(message)
    {
        Code = string.Empty;
    }

    /// <summary>Creates an exception with a message and a cause.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public S3Exception(string message, Exception innerException)
        : base(message, innerException)
    {
        Code = string.Empty;
    }

    /// <summary>Creates an exception for an S3 error response.</summary>
    /// <param name="statusCode">The HTTP status.</param>
    /// <param name="code">The S3 error code.</param>
    /// <param name="message">The full message.</param>
    /// <param name="serverMessage">The server's own message, if any.</param>
    /// <param name="requestId">The request id, if any.</param>
    /// <param name="resource">The resource, if any.</param>
    /// <param name="signatureMismatchHint">For <c>SignatureDoesNotMatch</c>, the first line where the server's signed text differs from ours.</param>
    public S3Exception(HttpStatusCode statusCode, string code, string message, string? serverMessage, string? requestId, string? resource, string? signatureMismatchHint)
        : base(message)
    {
        StatusCode = statusCode;
        Code = code;
        ServerMessage = serverMessage;
        RequestId = requestId;
        Resource = resource;
        SignatureMismatchHint = signatureMismatchHint;
    }

    /// <summary>
    /// Reads an S3 error answer received outside the client (a presigned URL's, a request sent by
    /// hand): the code, the server's message and request id, and for <c>SignatureDoesNotMatch</c> the
    /// first line where the server's canonical request (or string to sign) differs from
    /// <paramref name="ours"/>. Whatever came from the server has the secret key and session token
    /// of <paramref name="credentials"/> removed before it goes into the message.
    /// </summary>
    /// <param name="statusCode">The response status.</param>
    /// <param name="body">The response body: S3 error XML, or empty (HEAD).</param>
    /// <param name="requestId">The <c>x-amz-request-id</c> header, if any.</param>
    /// <param name="method">The request method, for the message.</param>
    /// <param name="resource">The request path, for the message.</param>
    /// <param name="ours">What was signed (<see cref="SignedRequest.Explain"/>), or null.</param>
    /// <param name="credentials">The credentials signed with, whose secrets are redacted; or null.</param>
    /// <returns>The exception, to throw or report.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="body"/>, <paramref name="method"/> or <paramref name="resource"/> is null.</exception>
    public static S3Exception FromResponse(HttpStatusCode statusCode, string body, string? requestId, string method, string resource, SigningExplanation? ours = null, AwsCredentials? credentials = null)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(resource);
        return Internal.S3Errors.Create(statusCode, body, requestId, method, resource, null, ours, new Internal.SecretRedactor(credentials), advice: null);
    }

    /// <summary>The HTTP status code of the response.</summary>
    public HttpStatusCode StatusCode { get; }

    /// <summary>The S3 error code, such as <c>NoSuchKey</c>; for a bodiless response (HEAD), one derived from the status.</summary>
    public string Code { get; }

    /// <summary>The server's <c>Message</c> element, if it sent one.</summary>
    public string? ServerMessage { get; }

    /// <summary>The <c>RequestId</c> element or <c>x-amz-request-id</c> header, if any.</summary>
    public string? RequestId { get; }

    /// <summary>The <c>Resource</c> element (the bucket or key the error is about), if any.</summary>
    public string? Resource { get; }

    /// <summary>
    /// For <c>SignatureDoesNotMatch</c>, when the server returned its canonical request or string to
    /// sign: the first line that differs from what this client signed. Otherwise null.
    /// </summary>
    public string? SignatureMismatchHint { get; }
}
