using System.Net;
using System.Xml.Linq;

namespace Signing.S3.Internal;

/// <summary>Turns an S3 error response into an <see cref="S3Exception"/>.</summary>
internal static class S3Errors
{
    /// <summary>Codes that a retry may cure (besides 5xx other than 501, and 429).</summary>
    public static bool IsRetryable(HttpStatusCode status, string code) =>
        code is "SlowDown" or "RequestTimeout" or "InternalError" or "ServiceUnavailable" or "Throttling" or "ThrottlingException" or "RequestThrottled"
        || (int)status == 429
        || ((int)status >= 500 && status != HttpStatusCode.NotImplemented);

    /// <summary>
    /// Builds the exception from the status, the body (S3 error XML, or empty for HEAD) and the
    /// request id header; for SignatureDoesNotMatch compares the server's signed text with ours.
    /// Every text that came from the server (message, echoed canonical request, body) is passed
    /// through <paramref name="redactor"/> first.
    /// </summary>
    /// <param name="status">The response status.</param>
    /// <param name="body">The response body (empty for HEAD).</param>
    /// <param name="requestIdHeader">The <c>x-amz-request-id</c> header, if any.</param>
    /// <param name="method">The request method.</param>
    /// <param name="bucket">The bucket, if any.</param>
    /// <param name="key">The key, if any.</param>
    /// <param name="ours">What this client signed on the failed attempt (canonical request and string to sign), if known.</param>
    /// <param name="redactor">Takes the secrets out of server text.</param>
    /// <param name="advice">What to check, for SignatureDoesNotMatch: it ends the message.</param>
    public static S3Exception Create(HttpStatusCode status, string body, string? requestIdHeader, string method, string? bucket, string? key, SigningExplanation? ours, SecretRedactor redactor, string? advice)
    {
        var (root, error, code, requestId) = Parse(status, body, requestIdHeader, key);
        string? serverMessage = redactor.Redact(error?.Text("Message"));
        string? resource = error?.Text("Resource") ?? (bucket is null ? null : key is null ? bucket : $"{bucket}/{key}");
        string? hint = code == "SignatureDoesNotMatch" && error is not null
            ? redactor.Redact(SignatureHint.Compare(redactor.Redact(error.Text("CanonicalRequest")), redactor.Redact(error.Text("StringToSign")), ours))
            : null;

        string message = $"S3 {code} ({(int)status} {status}) on {method} {redactor.Redact(resource) ?? "/"}"
            + (string.IsNullOrEmpty(serverMessage) ? string.Empty : $": {serverMessage}")
            + (hint is null ? string.Empty : $" [{hint}]")
            + RequestIdClause(requestId, redactor)
            + (error is null && body.Length > 0 && root is null ? $" Body: {redactor.Redact(S3Xml.Show(body))}" : string.Empty)
            + (advice is not null && code == "SignatureDoesNotMatch" ? $" {advice}" : string.Empty);
        return new S3Exception(status, code, message, serverMessage, requestId, resource, hint);
    }

    /// <summary>
    /// A 3xx answer (other than 304), never followed: credentials and bodies go only to the endpoint.
    /// The message names the status, the host the server points at (never the rest of its URL,
    /// which may hold a signature) and the likely cause; for S3's redirects with
    /// <c>x-amz-bucket-region</c> (or an <c>Endpoint</c> element), the region or endpoint to use.
    /// </summary>
    public static S3Exception Redirect(HttpStatusCode status, string body, Uri? location, string? bucketRegion, string? requestIdHeader, string method, string? bucket, string? key, string region, SecretRedactor redactor)
    {
        var (_, error, code, requestId) = Parse(status, body, requestIdHeader, key);
        string? endpoint = error?.Text("Endpoint");
        string resource = bucket is null ? "/" : key is null ? bucket : $"{bucket}/{key}";
        string where = location is { IsAbsoluteUri: true } ? $" to {location.Scheme}://{location.Authority}"
            : endpoint is { Length: > 0 } ? $" to {endpoint}"
            : string.Empty;
        string message = $"S3 {code} ({(int)status} {status}) on {method} {redactor.Redact(resource)}: the server redirects{redactor.Redact(where)}; "
            + "redirects are never followed (credentials and data go only to the endpoint). ";
        message += bucketRegion is { Length: > 0 } && !string.Equals(bucketRegion, region, StringComparison.Ordinal)
            ? $"The bucket is in region {bucketRegion}, not {region}: set Region = \"{bucketRegion}\" and that region's endpoint."
            : "Check the endpoint and the region: the bucket may live in another region or behind another endpoint.";
        return new S3Exception(status, code, message + RequestIdClause(requestId, redactor), redactor.Redact(error?.Text("Message")), requestId, resource, null);
    }

    private static string RequestIdClause(string? requestId, SecretRedactor redactor) =>
        string.IsNullOrEmpty(requestId) ? string.Empty : $" (request id {redactor.Redact(requestId)})";

    /// <summary>
    /// The parts of an error answer every message is made of: the parsed body, its <c>Error</c>
    /// element, the code (the element's, else one for the status) and the request id (the
    /// element's, else the header's).
    /// </summary>
    private static (XElement? Root, XElement? Error, string Code, string? RequestId) Parse(HttpStatusCode status, string body, string? requestIdHeader, string? key)
    {
        var root = S3Xml.TryParse(body);
        var error = root is null ? null : root.Name.LocalName == "Error" ? root : root.Child("Error");
        string code = error?.Text("Code") is { Length: > 0 } c ? c : CodeForStatus(status, key);
        string? requestId = error?.Text("RequestId") is { Length: > 0 } r ? r : requestIdHeader;
        return (root, error, code, requestId);
    }

    /// <summary>The code for a bodiless error (HEAD): 404 is NoSuchKey for an object, NoSuchBucket for a bucket.</summary>
    public static string CodeForStatus(HttpStatusCode status, string? key) => (int)status switch
    {
        404 => key is null ? "NoSuchBucket" : "NoSuchKey",
        403 => "Forbidden",
        400 => "BadRequest",
        301 => "PermanentRedirect",
        302 => "Found",
        303 => "SeeOther",
        307 => "TemporaryRedirect",
        308 => "PermanentRedirect",
        304 => "NotModified",
        405 => "MethodNotAllowed",
        409 => "Conflict",
        411 => "MissingContentLength",
        412 => "PreconditionFailed",
        416 => "InvalidRange",
        501 => "NotImplemented",
        503 => "ServiceUnavailable",
        _ => status.ToString(),
    };
}
