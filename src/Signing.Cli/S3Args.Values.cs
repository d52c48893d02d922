using System.Globalization;
using Signing.S3;

namespace Signing.Cli;

/// <summary>The flags of <c>sigv s3</c> that take a value: each value checked where it is read.</summary>
internal sealed partial class S3Args
{
    /// <summary>
    /// A size: bytes, or a number with KB, MB, GB or TB (binary, as the AWS CLI reads them; KiB,
    /// MiB, GiB and TiB too), such as <c>8MB</c>, <c>64MiB</c>, <c>1.5GB</c>; at most 5 TiB.
    /// </summary>
    /// <exception cref="UsageException">Not a size, or above 5 TiB.</exception>
    public static long ParseSize(string flag, string value)
    {
        UsageException.ThrowIf(value.Length > 64, $"{flag} {CliText.Show(value)} is not a size: write bytes, or a number with KB, MB or GB (such as 8MB).");

        string text = value.Trim();
        int end = 0;
        while (end < text.Length && (char.IsAsciiDigit(text[end]) || text[end] == '.'))
        {
            end++;
        }

        string unit = text[end..].Trim().ToUpperInvariant();
        int power = unit switch
        {
            "" or "B" => 0,
            "K" or "KB" or "KIB" => 1,
            "M" or "MB" or "MIB" => 2,
            "G" or "GB" or "GIB" => 3,
            "T" or "TB" or "TIB" => 4,
            _ => -1,
        };
        if (power < 0 || !decimal.TryParse(text[..end], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out decimal number))
        {
            throw new UsageException($"{flag} {CliText.Show(value)} is not a size: write bytes, or a number with KB, MB or GB (such as 8MB).");
        }

        // 2^50 in any unit fits a decimal: no overflow before the range check.
        decimal bytes = number > 1L << 50 ? decimal.MaxValue : decimal.Floor(number * (decimal)Math.Pow(1024, power));
        UsageException.ThrowIf(bytes > MaxSize, $"{flag} {CliText.Show(value)} is out of range: sizes go up to 5TB, the largest S3 object.");

        return (long)bytes;
    }

    /// <summary>The AWS CLI's whole seconds for --cli-read-timeout and --cli-connect-timeout: 0 (no limit) to 2147483.</summary>
    private static TimeSpan ParseTimeout(string flag, string value) =>
        CliText.Whole(value, 0, int.MaxValue / 1000, $"{flag} {CliText.Show(value)} is not a whole number of seconds from 0 (no limit) to 2147483.") is var seconds and > 0
            ? TimeSpan.FromSeconds(seconds)
            : Timeout.InfiniteTimeSpan;

    /// <summary>MIN,MAX sizes (bytes, or with KB, MB, GB as <see cref="ParseSize"/> reads them), MIN at most MAX.</summary>
    private static (long Min, long Max) ParseRange(string flag, string value)
    {
        string[] parts = value.Split(',');
        UsageException.ThrowIf(parts.Length != 2, $"{flag} {CliText.Show(value)} is not MIN,MAX: write the smallest and largest file size allowed, such as 1,10MB.");

        long min = ParseSize(flag, parts[0]);
        long max = ParseSize(flag, parts[1]);
        return min <= max
            ? (min, max)
            : throw new UsageException($"{flag} {CliText.Show(value)}: MIN is larger than MAX; write them smallest first, such as 1,10MB.");
    }

    /// <summary>Every flag of <c>sigv s3</c>, by spelling (the switches first).</summary>
    private static readonly FlagTable<S3Args> Flags = new FlagTable<S3Args>()
        .Switch("-h --help", a => a.Help = true)
        .Switch("--quiet --only-show-errors", a => a.Quiet = true)
        .Switch("--no-progress", a => a.NoProgress = true)
        .Switch("--no-sign-request", a => a.NoSignRequest = true)
        .Switch("--no-verify-ssl", a => a.NoVerifySsl = true)
        .Switch("--path-style", a => a.Addressing = S3Addressing.PathStyle)
        .Switch("--virtual-host", a => a.Addressing = S3Addressing.VirtualHost)
        .Switch("--recursive", a => a.Recursive = true)
        .Switch("--human-readable", a => a.HumanReadable = true)
        .Switch("--summarize", a => a.Summarize = true)
        .Switch("--force", a => a.Force = true)
        .Switch("--dryrun", a => a.DryRun = true)
        .Switch("--html", a => a.Html = true)
        .Switch("--debug", _ => RunContext.SetDebug())
        .Switch("--delete", a => a.Delete = true)
        .Switch("--size-only", a => a.SizeOnly = true)
        .Switch("--exact-timestamps", a => a.ExactTimestamps = true)
        .Switch("--no-follow-symlinks", a => a.NoFollowSymlinks = true)
        .Switch("--follow-symlinks", a => a.NoFollowSymlinks = false)
        .Value("--endpoint-url", (a, v) => a.EndpointUrl = CliText.NoControls("--endpoint-url", v, "write the server's base URL, such as http://127.0.0.1:9000."))
        .Value("--region", (a, v) => a.Region = CliText.ScopePart("--region", v, "region", "us-east-1"))
        .Value("--profile", (a, v) => a.Profile = CliText.Text("--profile", v, "pass a profile name of ~/.aws/credentials, such as default."))
        .Value("-u", (a, v) => a.User = CliText.Secret("--user", v, "ACCESS_KEY:SECRET_KEY"))
        .Value("--user", (a, v) => a.User = CliText.Secret("--user", v, "ACCESS_KEY:SECRET_KEY"))
        .Value("--session-token", (a, v) => a.SessionToken = CliText.Secret("--session-token", v, "the session token of temporary credentials"))
        .Value("--signature", (a, v) => a.Signature = ParseSignature(v))
        .Value("--acl", (a, v) => a.Acl = ParseAcl(v))
        .Value("--content-type", (a, v) => a.ContentType = CliText.HeaderValue("--content-type", v, "Content-Type", CliText.Text("--content-type", v, "pass a media type such as text/plain (or leave --content-type out to guess it from the name).")))
        .Value("--ca-bundle", (a, v) => a.CaBundle = CliText.LocalPath("--ca-bundle", v))
        .Value("--resolve", (a, v) => a.Routes.AddResolve("--resolve", v))
        .Value("--connect-to", (a, v) => a.Routes.AddConnectTo("--connect-to", v))
        .Value("--cli-read-timeout", (a, v) => a.ReadTimeout = ParseTimeout("--cli-read-timeout", v))
        .Value("--cli-connect-timeout", (a, v) => a.ConnectTimeout = ParseTimeout("--cli-connect-timeout", v))
        .Value("--multipart-threshold", (a, v) => a.MultipartThreshold = ParseSize("--multipart-threshold", v))
        .Value("--multipart-chunksize", (a, v) => a.MultipartChunkSize = ParseChunkSize(v))
        .Value("--expires-in", (a, v) => a.ExpiresIn = CliText.Whole(v, 1, 604800, $"--expires-in {CliText.Show(v)} is out of range: presigned URLs are valid 1 to 604800 seconds (7 days)."))
        .Value("--content-length-range", (a, v) => a.ContentLengthRange = ParseRange("--content-length-range", v))
        .Value("--method", (a, v) => a.Method = ParseMethod(v))
        .Value("--exclude", (a, v) => a.Filter.Add(false, FilterPattern("--exclude", v)))
        .Value("--include", (a, v) => a.Filter.Add(true, FilterPattern("--include", v)))
        .Value("--metadata", (a, v) => a.Metadata = ParseMetadata(v))
        .Value("--cache-control", (a, v) => a.CacheControl = HeaderFlag("--cache-control", v, "Cache-Control"))
        .Value("--content-disposition", (a, v) => a.ContentDisposition = HeaderFlag("--content-disposition", v, "Content-Disposition"))
        .Value("--storage-class", (a, v) => a.StorageClass = ParseStorageClass(v))
        .Value("--page-size", (a, v) => a.PageSize = (int)CliText.Whole(v, 1, 1000, $"--page-size {CliText.Show(v)} is out of range: S3 lists 1 to 1000 keys a request."));

    private static S3SigningPolicy ParseSignature(string value) => value.ToLowerInvariant() switch
    {
        "v4" or "sigv4" => S3SigningPolicy.SigV4,
        "v2" or "sigv2" => S3SigningPolicy.SigV2,
        "hybrid" => S3SigningPolicy.Hybrid,
        _ => throw new UsageException($"--signature {CliText.Show(value)}: use v4, v2 or hybrid (object data with v2, the rest with v4)."),
    };

    private static S3CannedAcl ParseAcl(string value) =>
        Enum.GetValues<S3CannedAcl>().Cast<S3CannedAcl?>().FirstOrDefault(a => a!.Value.ToHeaderValue() == value)
        ?? throw new UsageException($"--acl {CliText.Show(value)}: use one of {string.Join(", ", Enum.GetValues<S3CannedAcl>().Select(a => a.ToHeaderValue()))}.");

    /// <summary>--multipart-chunksize: a size (see <see cref="ParseSize"/>) S3 takes as a part, 5 MiB to 5 GiB.</summary>
    private static long ParseChunkSize(string value)
    {
        long size = ParseSize("--multipart-chunksize", value);
        return size is >= 5 * MiB and <= 5L * 1024 * MiB
            ? size
            : throw new UsageException($"--multipart-chunksize {size.ToString(CultureInfo.InvariantCulture)} is out of range: S3 parts are 5MiB to 5GiB.");
    }

    private static string ParseMethod(string value) => value.ToUpperInvariant() is "GET" or "PUT"
        ? value.ToUpperInvariant()
        : throw new UsageException($"--method {CliText.Show(value)}: s3 presign signs GET or PUT (sigv presign also signs DELETE and HEAD).");
}
