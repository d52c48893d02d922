using System.Text.Json;

namespace Signing.Cli;

/// <summary>
/// The flags of <c>sigv s3 sync</c> and <c>mv</c>, the filters of <c>cp</c>, <c>mv</c>, <c>rm</c> and
/// <c>sync</c>, and the object settings of uploads and copies, as the AWS CLI spells them.
/// </summary>
internal sealed partial class S3Args
{
    /// <summary>The flags that set what is stored with an uploaded or copied object (a property: read by another part's static initializer).</summary>
    private static string[] ObjectFlags => ["--acl", "--content-type", "--metadata", "--cache-control", "--content-disposition", "--storage-class"];

    /// <summary>The flags of cp, mv and sync that pick and move files.</summary>
    private static string[] TransferFlags => ["--multipart-threshold", "--multipart-chunksize", "--dryrun", "--exclude", "--include", "--page-size", "--follow-symlinks", "--no-follow-symlinks"];

    /// <summary>--exclude and --include, in the order given (later ones win).</summary>
    public PathFilter Filter { get; } = new();

    /// <summary>--delete: sync removes what is at the destination and not at the source.</summary>
    public bool Delete { get; private set; }

    /// <summary>--size-only: sync compares sizes only.</summary>
    public bool SizeOnly { get; private set; }

    /// <summary>--exact-timestamps: sync downloads same-sized objects whose time differs from the local file's.</summary>
    public bool ExactTimestamps { get; private set; }

    /// <summary>--no-follow-symlinks: symbolic links under a local source are skipped (followed by default, as the AWS CLI does).</summary>
    public bool NoFollowSymlinks { get; private set; }

    /// <summary>--metadata: user metadata of uploads and copies (a copy then replaces the source's).</summary>
    public Dictionary<string, string>? Metadata { get; private set; }

    public string? CacheControl { get; private set; }

    public string? ContentDisposition { get; private set; }

    public string? StorageClass { get; private set; }

    /// <summary>--page-size: keys per ListObjectsV2 request (1 to 1000); null leaves the server's default (1000).</summary>
    public int? PageSize { get; private set; }

    private static string FilterPattern(string flag, string value) =>
        CliText.NoControls(flag, value, "pass a pattern such as '*.log' or 'logs/*'.");

    private static string ParseStorageClass(string value) =>
        value.Length is > 0 and <= 64 && value.All(c => char.IsAsciiLetterUpper(c) || char.IsAsciiDigit(c) || c == '_')
            ? value
            : throw new UsageException($"--storage-class {CliText.Show(value)}: use one such as STANDARD, STANDARD_IA, ONEZONE_IA, INTELLIGENT_TIERING, GLACIER_IR, GLACIER, DEEP_ARCHIVE or REDUCED_REDUNDANCY.");

    /// <summary>Checks of sync and mv that need every flag read.</summary>
    private void ValidateSync()
    {
        UsageException.ThrowIf(SizeOnly && ExactTimestamps, "s3 sync: --size-only compares sizes only and --exact-timestamps compares times: pass one.");

        if (Subcommand == "mv" && Paths.Count == 2 && !S3Path.IsS3(Paths[0]) && !S3Path.IsS3(Paths[1]))
        {
            throw new UsageException($"s3 mv: neither {CliText.Show(Paths[0])} nor {CliText.Show(Paths[1])} is an s3:// URI; move local files with mv.");
        }
    }

    private static string HeaderFlag(string flag, string value, string header) =>
        CliText.HeaderValue(flag, value, header, CliText.Text(flag, value, $"pass a {header} value, or leave {flag} out."));

    /// <summary>
    /// --metadata as the AWS CLI takes it: shorthand <c>key1=value1,key2=value2</c> or a JSON object
    /// <c>{"key1":"value1"}</c>. Names are header tokens (sent as <c>x-amz-meta-NAME</c>); values
    /// printable ASCII, as HTTP headers carry them.
    /// </summary>
    /// <exception cref="UsageException">Neither form, or a name or value a header cannot carry.</exception>
    public static Dictionary<string, string> ParseMetadata(string text)
    {
        var pairs = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        const string Form = "write key=value,key2=value2 or a JSON object such as {\"key\":\"value\"}";
        if (text.TrimStart().StartsWith('{'))
        {
            try
            {
                using var json = JsonDocument.Parse(text);
                foreach (var p in json.RootElement.EnumerateObject())
                {
                    pairs[p.Name] = p.Value.ValueKind == JsonValueKind.String
                        ? p.Value.GetString()!
                        : throw new UsageException($"--metadata: the value of {CliText.Show(p.Name)} is not a string: {Form}.");
                }
            }
            catch (JsonException)
            {
                throw new UsageException($"--metadata {CliText.Show(text)} is not a JSON object: {Form}.");
            }
        }
        else
        {
            foreach (string pair in text.Split(','))
            {
                int eq = pair.IndexOf('=', StringComparison.Ordinal);
                UsageException.ThrowIf(eq <= 0, $"--metadata: {CliText.Show(pair)} is not key=value: {Form}.");

                pairs[pair[..eq].Trim()] = pair[(eq + 1)..];
            }
        }

        foreach (var (name, value) in pairs)
        {
            CliText.Token("--metadata", name, "a metadata name", "owner");
            CliText.HeaderValue("--metadata", $"{name}={value}", "x-amz-meta-" + name, value);
        }

        return pairs;
    }
}
