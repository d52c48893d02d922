namespace Signing.Cli;

/// <summary>
/// An <c>s3://bucket/key</c> argument of <c>sigv s3</c>: the bucket, and the key or prefix (empty
/// for the bucket itself). The key is taken as typed, with no percent-decoding, as the AWS CLI does.
/// Bucket names are checked as botocore checks them (1 to 255 of letters, digits, '.', '-' and
/// '_': S3's own rule of 3 to 63 lower-case characters, plus the older and S3-compatible names it
/// still accepts); keys hold at most 1024 bytes of UTF-8, S3's limit.
/// </summary>
internal readonly record struct S3Path(string Bucket, string Key)
{
    /// <summary>S3's limit on a key: 1024 bytes of UTF-8.</summary>
    public const int MaxKeyBytes = 1024;

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

    /// <summary>Parses <c>s3://bucket</c>, <c>s3://bucket/</c> or <c>s3://bucket/key/with/slashes</c>, checking the bucket name and the key.</summary>
    /// <exception cref="UsageException">Not an s3:// URI, no bucket, a malformed bucket name, or a key S3 cannot hold.</exception>
    public static S3Path Parse(string text)
    {
        if (!IsS3(text))
        {
            throw new UsageException($"{CliText.Show(text)} is not an S3 URI: write s3://BUCKET/KEY.");
        }

        string rest = text[Scheme.Length..];
        int slash = rest.IndexOf('/', StringComparison.Ordinal);
        string bucket = slash < 0 ? rest : rest[..slash];
        string key = slash < 0 ? string.Empty : rest[(slash + 1)..];
        if (bucket.Length == 0)
        {
            throw new UsageException($"{CliText.Show(text)} names no bucket: write s3://BUCKET/KEY.");
        }

        CheckBucket(CliText.Show(text), bucket);
        CheckKey(text, key);
        return new S3Path(bucket, key);
    }

    /// <summary>
    /// A bucket name as botocore accepts it: 1 to 255 of ASCII letters, digits, '.', '-' and '_'.
    /// (S3 itself now creates only 3 to 63 of lower-case letters, digits, '.' and '-'; older
    /// buckets and S3-compatible servers such as Ceph RGW allow the rest.)
    /// </summary>
    /// <param name="what">Where the name came from, for the message (a flag, or the quoted S3 URI).</param>
    /// <param name="bucket">The name.</param>
    /// <returns>The name.</returns>
    /// <exception cref="UsageException">The name is empty, too long, or holds another character.</exception>
    public static string CheckBucket(string what, string bucket)
    {
        string rule = "bucket names are 3 to 63 lower-case letters, digits, '.' and '-' (S3-compatible servers also take upper case and '_', up to 255)";
        if (bucket.Length is 0 or > 255)
        {
            throw new UsageException($"{what}: the bucket name has {bucket.Length} characters: {rule}.");
        }

        foreach (char c in bucket)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('.' or '-' or '_'))
            {
                throw new UsageException($"{what}: the bucket name {CliText.Show(bucket)} contains {CliText.Describe(c)}: {rule}.");
            }
        }

        return bucket;
    }

    /// <summary>A key S3 can hold: valid UTF-16 (it is sent as UTF-8), at most <see cref="MaxKeyBytes"/> bytes.</summary>
    /// <exception cref="UsageException">An unpaired surrogate, or a key over 1024 bytes.</exception>
    private static void CheckKey(string text, string key)
    {
        if (!IsValidUtf16(key))
        {
            throw new UsageException($"{CliText.Show(text)}: the key is not valid Unicode (an unpaired surrogate): it cannot be sent as UTF-8.");
        }

        int bytes = System.Text.Encoding.UTF8.GetByteCount(key);
        if (bytes > MaxKeyBytes)
        {
            throw new UsageException($"{CliText.Show(text)}: the key is {bytes} bytes of UTF-8: S3 keys hold at most {MaxKeyBytes}.");
        }
    }

    private static bool IsValidUtf16(string text)
    {
        for (int i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(text[i]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>This path with <paramref name="relative"/> appended to the key as a folder entry (a <c>/</c> between them when needed).</summary>
    public S3Path Append(string relative) =>
        this with { Key = IsFolder ? Key + relative : $"{Key}/{relative}" };

    /// <summary>The URI, <c>s3://bucket/key</c>.</summary>
    public override string ToString() => $"{Scheme}{Bucket}/{Key}";
}
