using System.Net;

namespace Signing.S3;

/// <summary>An object's metadata, from HeadObject or the headers of GetObject (<see cref="GetObjectResponse.Head"/>).</summary>
public sealed class S3ObjectMetadata
{
    internal S3ObjectMetadata(HttpResponseMessage response)
    {
        var responseHeaders = response.Headers.NonValidated;
        var contentHeaders = response.Content.Headers.NonValidated;
        var headers = new Dictionary<string, string>(responseHeaders.Count + contentHeaders.Count, StringComparer.OrdinalIgnoreCase);
        Dictionary<string, string>? meta = null;
        foreach (var h in responseHeaders)
        {
            Add(headers, ref meta, h.Key, h.Value.ToString());
        }

        foreach (var h in contentHeaders)
        {
            Add(headers, ref meta, h.Key, h.Value.ToString());
        }

        ContentLength = response.Content.Headers.ContentLength ?? 0;
        ContentType = response.Content.Headers.ContentType?.ToString();
        ETag = headers.TryGetValue("ETag", out var e) ? e : null;
        LastModified = response.Content.Headers.LastModified;
        VersionId = headers.TryGetValue("x-amz-version-id", out var v) ? v : null;
        Metadata = meta ?? NoMetadata;
        Headers = headers;
    }

    private static readonly IReadOnlyDictionary<string, string> NoMetadata = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    private static void Add(Dictionary<string, string> headers, ref Dictionary<string, string>? meta, string name, string value)
    {
        headers[name] = value;
        if (name.StartsWith("x-amz-meta-", StringComparison.OrdinalIgnoreCase))
        {
            meta ??= new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            meta[name["x-amz-meta-".Length..].ToLowerInvariant()] = value;
        }
    }

    /// <summary>The size of the content returned (the whole object for HEAD, the range for a ranged GET).</summary>
    public long ContentLength { get; }

    /// <summary>The stored Content-Type.</summary>
    public string? ContentType { get; }

    /// <summary>The entity tag, quotes kept as sent.</summary>
    public string? ETag { get; }

    /// <summary>The last-modified time.</summary>
    public DateTimeOffset? LastModified { get; }

    /// <summary>The version id, on a versioned bucket.</summary>
    public string? VersionId { get; }

    /// <summary>User metadata: the <c>x-amz-meta-*</c> headers without their prefix, names lower-cased.</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>Every response header, names as sent, repeated values joined with <c>, </c>.</summary>
    public IReadOnlyDictionary<string, string> Headers { get; }
}

/// <summary>
/// A GetObject answer: the headers and the body as a stream read straight from the connection.
/// Dispose it to release the connection.
/// </summary>
public sealed class GetObjectResponse : IDisposable
{
    private readonly HttpResponseMessage _response;

    private GetObjectResponse(HttpResponseMessage response, Stream content)
    {
        _response = response;
        Head = new S3ObjectMetadata(response);
        Content = content;
        StatusCode = response.StatusCode;
        ContentRange = response.Content.Headers.ContentRange?.ToString();
    }

    /// <summary>The object's metadata, as the response headers give it (what HeadObject would return).</summary>
    public S3ObjectMetadata Head { get; }

    /// <summary>The size of the content returned (the range for a ranged GET).</summary>
    public long ContentLength => Head.ContentLength;

    /// <summary>The stored Content-Type.</summary>
    public string? ContentType => Head.ContentType;

    /// <summary>The entity tag, quotes kept as sent.</summary>
    public string? ETag => Head.ETag;

    /// <summary>The last-modified time.</summary>
    public DateTimeOffset? LastModified => Head.LastModified;

    /// <summary>User metadata: the <c>x-amz-meta-*</c> headers without their prefix, names lower-cased.</summary>
    public IReadOnlyDictionary<string, string> Metadata => Head.Metadata;

    /// <summary>Every response header, names as sent, repeated values joined with <c>, </c>.</summary>
    public IReadOnlyDictionary<string, string> Headers => Head.Headers;

    /// <summary>The body; read it once.</summary>
    public Stream Content { get; }

    /// <summary>200 for the whole object, 206 for a range.</summary>
    public HttpStatusCode StatusCode { get; }

    /// <summary>The <c>Content-Range</c> of a ranged answer, such as <c>bytes 0-9/100</c>.</summary>
    public string? ContentRange { get; }

    /// <summary>Releases the connection.</summary>
    public void Dispose()
    {
        Content.Dispose();
        _response.Dispose();
    }

    /// <summary>The answer over <paramref name="response"/>, its body read under <paramref name="scope"/>'s idle watch and counted against <paramref name="expectedLength"/> (<paramref name="request"/> names it in messages).</summary>
    internal static async Task<GetObjectResponse> CreateAsync(HttpResponseMessage response, Internal.AttemptScope scope, long? expectedLength, Internal.S3Request request)
    {
        try
        {
            var stream = await response.Content.ReadAsStreamAsync(scope.Token).ConfigureAwait(false);
            return new GetObjectResponse(response, new Internal.WatchedReadStream(stream, scope.Detach(), expectedLength, request, ownsScope: true));
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }
}
