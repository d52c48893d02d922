namespace Signing.S3.Internal;

/// <summary>What one operation asks of the send path: method, bucket, key, query, headers and body.</summary>
internal sealed class S3Request
{
    public S3Request(HttpMethod method, string? bucket = null, string? key = null)
    {
        Method = method;
        Bucket = bucket;
        Key = key;
    }

    public HttpMethod Method { get; }

    public string? Bucket { get; }

    public string? Key { get; }

    /// <summary>Query parameters in order; a null value sends the bare name (<c>?acl</c>).</summary>
    public List<KeyValuePair<string, string?>> Query { get; } = [];

    /// <summary>Request and content headers to send (and sign), each checked as it was added.</summary>
    public List<HttpHeader> Headers { get; } = [];

    public RequestBody? Body { get; set; }

    /// <summary>An object data request (PUT, GET, DELETE of an object): SigV2 under <see cref="S3SigningPolicy.Hybrid"/>.</summary>
    public bool ObjectData { get; set; }

    /// <summary>Whether the body may be sent aws-chunked under a streaming <see cref="Payload"/> (object and part uploads).</summary>
    public bool Streamable { get; set; }

    /// <summary>Send a Content-MD5 of the body.</summary>
    public bool ContentMd5 { get; set; }


    /// <summary>Said after the request in messages, such as <c> (bytes 0-99)</c>.</summary>
    public string? Detail { get; set; }

    /// <summary>The request for messages: <c>S3 GET bucket/key</c> and its sub-resource query (<c>?partNumber=3&amp;uploadId=…</c>), never a signature. Built only when a message needs it.</summary>
    public string Describe()
    {
        string target = Bucket is null ? "/" : Key is null ? Bucket : $"{Bucket}/{Key}";
        if (Query.Count > 0)
        {
            target += "?" + string.Join('&', Query.Select(q => q.Value is null ? q.Key : $"{q.Key}={q.Value}"));
        }

        return $"S3 {Method} {target}{Detail}";
    }

    public S3Request AddQuery(string name, string? value = null)
    {
        Query.Add(new(name, value));
        return this;
    }

    public S3Request AddQueryIfSet(string name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            Query.Add(new(name, value));
        }

        return this;
    }

    /// <summary>Adds a header after checking its name and value (no CR, LF or other control: see <see cref="HeaderCheck"/>).</summary>
    /// <exception cref="ArgumentException">A bad name or value; <paramref name="parameter"/> names the option it came from.</exception>
    public S3Request AddHeader(string name, string value, string parameter = "options")
    {
        HeaderCheck.Header(name, value, parameter);
        Headers.Add(new(name, value));
        return this;
    }

    /// <summary>Adds a header unless <paramref name="value"/> is null; an empty value is refused as a mistake.</summary>
    public S3Request AddHeaderIfSet(string name, string? value, string parameter = "options") =>
        value is null ? this : AddHeader(name, value, parameter);
}
