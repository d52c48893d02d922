namespace Signing.Cli;

/// <summary>
/// An <c>s3://bucket/key</c> argument of <c>sigv s3</c>: the bucket, and the key or prefix (empty
/// for the bucket itself). The key is taken as typed, with no percent-decoding, as the AWS CLI does.
/// </summary>
internal readonly record struct S3Path(string Bucket, string Key)
{
    private const string Scheme = "s3://";

    /// <summary>Whether the key names a folder: empty (the bucket root) or ending in <c>/</c>.</summary>
    public bool IsFolder => Key.Length == 0 || Key.EndsWith('/');

    /// <summary>The last segment of the key: <c>c.txt</c> of <c>a/b/c.txt</c>.</summary>
    public string Name => Key[(Key.LastIndexOf('/') + 1)..];

    /// <summary>
    /// The key as a prefix for a recursive operation: with a trailing <c>/</c> added (as the AWS CLI
    /// does, so <c>s3://b/logs</c> never matches <c>logs2/</c>), or empty for the whole bucket.
    /// </summary>
    public string FolderPrefix => IsFolder ? Key : Key + "/";

    /// <summary>Whether <paramref name="text"/> is an <c>s3://</c> URI.</summary>
    public static bool IsS3(string text) => text.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase);

    /// <summary>Parses <c>s3://bucket</c>, <c>s3://bucket/</c> or <c>s3://bucket/key/with/slashes</c>.</summary>
    /// <exception cref="UsageException">Not an s3:// URI, or without a bucket.</exception>
    public static S3Path Parse(string text)
    {
        if (!IsS3(text))
        {
            throw new UsageException($"'{text}' is not an S3 URI: write s3://BUCKET/KEY.");
        }

        string rest = text[Scheme.Length..];
        int slash = rest.IndexOf('/', StringComparison.Ordinal);
        string bucket = slash < 0 ? rest : rest[..slash];
        string key = slash < 0 ? string.Empty : rest[(slash + 1)..];
        if (bucket.Length == 0)
        {
            throw new UsageException($"'{text}' names no bucket: write s3://BUCKET/KEY.");
        }

        return new S3Path(bucket, key);
    }

    /// <summary>This path with <paramref name="relative"/> appended to the key as a folder entry (a <c>/</c> between them when needed).</summary>
    public S3Path Append(string relative) =>
        this with { Key = IsFolder ? Key + relative : $"{Key}/{relative}" };

    /// <summary>The URI, <c>s3://bucket/key</c>.</summary>
    public override string ToString() => $"{Scheme}{Bucket}/{Key}";
}
