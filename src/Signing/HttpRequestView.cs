namespace Signing;

/// <summary>One HTTP header: a name and a value, as they will be sent.</summary>
/// <param name="Name">The header name (an RFC 9110 token; case does not matter).</param>
/// <param name="Value">The header value (printable ASCII).</param>
public readonly record struct HttpHeader(string Name, string Value);

/// <summary>
/// A borrowed view of the parts of an HTTP request that are signed. Nothing is copied and the
/// request is never modified: the signer returns what to add.
/// </summary>
public readonly ref struct HttpRequestView
{
    /// <summary>Creates a view of a request.</summary>
    /// <param name="method">The HTTP method, such as <c>GET</c>.</param>
    /// <param name="path">The path exactly as it goes on the wire (percent-encoded), starting with <c>/</c>; empty means <c>/</c>.</param>
    /// <param name="query">The query exactly as it goes on the wire, without the leading <c>?</c>; may be empty.</param>
    /// <param name="headers">The headers to sign, in order; may include <c>Host</c>.</param>
    public HttpRequestView(ReadOnlySpan<char> method, ReadOnlySpan<char> path, ReadOnlySpan<char> query, ReadOnlySpan<HttpHeader> headers)
    {
        Method = method;
        Path = path;
        Query = query;
        Headers = headers;
    }

    /// <summary>The HTTP method, such as <c>GET</c>.</summary>
    public ReadOnlySpan<char> Method { get; init; }

    /// <summary>The path exactly as sent on the wire (percent-encoded). Empty means <c>/</c>.</summary>
    public ReadOnlySpan<char> Path { get; init; }

    /// <summary>The query exactly as sent on the wire, without the leading <c>?</c>.</summary>
    public ReadOnlySpan<char> Query { get; init; }

    /// <summary>The headers, in order. Duplicate names are signed comma-joined in this order.</summary>
    public ReadOnlySpan<HttpHeader> Headers { get; init; }

    /// <summary>The <c>Host</c> header value, used when <see cref="Headers"/> has no <c>Host</c> header; include the port when it is not the scheme's default.</summary>
    public ReadOnlySpan<char> Host { get; init; }

    /// <summary>
    /// The payload hash: lower-case hex SHA-256 of the body, <c>UNSIGNED-PAYLOAD</c>, or a streaming value.
    /// Empty means the SHA-256 of an empty body (or, for an S3 presigned URL, <c>UNSIGNED-PAYLOAD</c>).
    /// </summary>
    public ReadOnlySpan<char> PayloadHash { get; init; }

    /// <summary>Whether <see cref="Headers"/> has a header called <paramref name="lowerName"/> (lower-case), in any case.</summary>
    internal bool HasHeader(string lowerName)
    {
        foreach (var h in Headers)
        {
            if (h.Name is not null && Internal.AsciiText.EqualsLower(h.Name, lowerName))
            {
                return true;
            }
        }

        return false;
    }
}
