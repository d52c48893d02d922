using System.Globalization;
using System.Security;
using System.Text;

namespace Signing.TestSupport;

// Part of FaultProxy (see FaultProxy.cs): what the proxy logs, and the responses it makes up.

/// <summary>One request the proxy received, as the client sent it (before any rule changed it).</summary>
public sealed class ProxiedRequest
{
    private long _bodyBytes;

    internal ProxiedRequest(int connection, ProxyRequestHead head)
    {
        Connection = connection;
        Method = head.Method;
        Target = head.Target;
        int q = head.Target.IndexOf('?', StringComparison.Ordinal);
        Path = q < 0 ? head.Target : head.Target[..q];
        Query = q < 0 ? "" : head.Target[(q + 1)..];
        Headers = [.. head.Headers];
        Time = DateTimeOffset.UtcNow;
    }

    /// <summary>Which client connection (1, 2, ... in accept order) carried it.</summary>
    public int Connection { get; }

    public string Method { get; }

    /// <summary>The raw request target: path and query, percent-encoded as sent.</summary>
    public string Target { get; }

    /// <summary>The target up to <c>?</c>, raw.</summary>
    public string Path { get; }

    /// <summary>The target after <c>?</c> (empty when none), raw.</summary>
    public string Query { get; }

    /// <summary>Every header field as sent, in order.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; }

    /// <summary>When its head arrived.</summary>
    public DateTimeOffset Time { get; }

    /// <summary>Body bytes received from the client so far (as framed on the wire).</summary>
    public long BodyBytes => Interlocked.Read(ref _bodyBytes);

    /// <summary>The rule that acted on it (null: passed through, or answered by the sink).</summary>
    public FaultRule? Rule { get; internal set; }

    /// <summary>The first value of header <paramref name="name"/> (case-insensitive), or null.</summary>
    public string? Header(string name) => Headers.FirstOrDefault(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value;

    /// <summary>Whether header <paramref name="name"/> was sent.</summary>
    public bool HasHeader(string name) => Headers.Any(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase));

    public override string ToString() => $"#{Connection} {Method} {Target} ({BodyBytes} body bytes){(Rule is null ? "" : $" -> {Rule}")}";

    internal void AddBodyBytes(long n) => Interlocked.Add(ref _bodyBytes, n);
}

/// <summary>A response the proxy sends itself (a rule's <c>Respond</c>, or the sink's answer).</summary>
public sealed record FaultResponse(int StatusCode, IReadOnlyList<KeyValuePair<string, string>>? Headers = null, byte[]? Body = null)
{
    /// <summary>200 with an empty body: the sink's default answer.</summary>
    public static FaultResponse Ok { get; } = new(200);

    /// <summary>A response with an <c>application/xml</c> S3 error body.</summary>
    public static FaultResponse S3Error(int statusCode, string code, string message, params KeyValuePair<string, string>[] headers) =>
        new(statusCode, [new("Content-Type", "application/xml"), .. headers], Encoding.UTF8.GetBytes(
            $"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>{code}</Code><Message>{SecurityElement.Escape(message)}</Message><RequestId>faultproxy-{Guid.NewGuid():N}</RequestId></Error>"));

    /// <summary>503 SlowDown, as S3 throttles.</summary>
    public static FaultResponse SlowDown() => S3Error(503, "SlowDown", "Please reduce your request rate.");

    /// <summary>500 InternalError.</summary>
    public static FaultResponse InternalError() => S3Error(500, "InternalError", "We encountered an internal error. Please try again.");

    /// <summary>A redirect (301, 302, 303, 307 or 308) to <paramref name="location"/>, empty body.</summary>
    public static FaultResponse Redirect(int statusCode, Uri location) =>
        new(statusCode, [new("Location", location.AbsoluteUri)]);

    /// <summary>
    /// S3's answer for a bucket in another region: 301 PermanentRedirect with
    /// <c>x-amz-bucket-region</c>, an <c>&lt;Endpoint&gt;</c> in the body, and no Location.
    /// </summary>
    public static FaultResponse WrongRegion(string region, string endpoint = "bucket.s3.eu-west-1.amazonaws.com") =>
        new(301, [new("Content-Type", "application/xml"), new("x-amz-bucket-region", region)], Encoding.UTF8.GetBytes(
            $"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>PermanentRedirect</Code><Message>The bucket you are attempting to access must be addressed using the specified endpoint. Please send all future requests to this endpoint.</Message><Endpoint>{endpoint}</Endpoint><RequestId>faultproxy</RequestId></Error>"));

    /// <summary>The response as bytes, with Content-Length (none for a HEAD request's answer's body).</summary>
    internal byte[] ToBytes(string requestMethod)
    {
        var head = new ProxyResponseHead(StatusCode, ReasonFor(StatusCode));
        foreach (var (name, value) in Headers ?? [])
        {
            head.Add(name, value);
        }

        byte[] body = Body ?? [];
        if (!head.Has("Content-Length") && !head.Has("Transfer-Encoding") && StatusCode is >= 200 and not 204 and not 304)
        {
            head.Add("Content-Length", body.Length.ToString(CultureInfo.InvariantCulture));
        }

        head.Add("Date", DateTimeOffset.UtcNow.ToString("r", CultureInfo.InvariantCulture));
        head.Add("Server", "FaultProxy");
        byte[] headBytes = head.ToBytes();
        return requestMethod == "HEAD" || StatusCode is 204 or 304 ? headBytes : [.. headBytes, .. body];
    }

    internal static string ReasonFor(int status) => status switch
    {
        100 => "Continue",
        200 => "OK",
        204 => "No Content",
        206 => "Partial Content",
        301 => "Moved Permanently",
        302 => "Found",
        303 => "See Other",
        304 => "Not Modified",
        307 => "Temporary Redirect",
        308 => "Permanent Redirect",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        416 => "Range Not Satisfiable",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        _ => "Status",
    };
}
