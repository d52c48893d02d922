namespace Signing.S3;

/// <summary>
/// One CORS rule of a bucket (PutBucketCors, GetBucketCors): which origins may send which methods
/// and headers from a browser, which response headers their scripts may read, and how long a
/// browser may cache the preflight answer.
/// </summary>
public sealed record S3CorsRule
{
    /// <summary>An optional id for the rule (at most 255 characters), or null.</summary>
    public string? Id { get; init; }

    /// <summary>The origins allowed, such as <c>https://app.example.com</c>; one <c>*</c> wildcard each at most, or <c>*</c> for any. At least one.</summary>
    public IReadOnlyList<string> AllowedOrigins { get; init; } = [];

    /// <summary>The methods allowed: <c>GET</c>, <c>PUT</c>, <c>POST</c>, <c>DELETE</c>, <c>HEAD</c>. At least one.</summary>
    public IReadOnlyList<string> AllowedMethods { get; init; } = [];

    /// <summary>The request headers a preflight may ask for, such as <c>Content-Type</c> or <c>*</c>.</summary>
    public IReadOnlyList<string> AllowedHeaders { get; init; } = [];

    /// <summary>The response headers browser scripts may read, such as <c>ETag</c>.</summary>
    public IReadOnlyList<string> ExposeHeaders { get; init; } = [];

    /// <summary>How long a browser may cache the preflight answer, in seconds, or null.</summary>
    public int? MaxAgeSeconds { get; init; }
}
