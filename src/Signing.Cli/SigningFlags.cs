using System.Globalization;

namespace Signing.Cli;

/// <summary>The signing flags shared by <c>sign</c>, <c>curl</c> and <c>presign</c>, spelled as curl spells them.</summary>
internal sealed class SigningFlags
{
    public string Method { get; set; } = string.Empty;

    public string? Url { get; set; }

    public List<HttpHeader> Headers { get; } = [];

    /// <summary>Names given as <c>-H 'Name:'</c>: as in curl, no such header is sent (a default one is removed).</summary>
    public List<string> RemovedHeaders { get; } = [];

    /// <summary>The body of -d/--data/--data-binary/--data-raw; several are joined with '&amp;', as curl does.</summary>
    public byte[]? Body { get; set; }

    /// <summary>Where <c>@-</c> reads from: standard input unless a test gives another stream.</summary>
    public Func<Stream> OpenStdin { get; init; } = Console.OpenStandardInput;

    public string? Region { get; set; }

    /// <summary>--aws-sigv4 was given (it asks for a signature even without --user).</summary>
    public bool ProviderGiven { get; private set; }

    public string? Service { get; set; }

    public string? User { get; set; }

    public string? SessionToken { get; set; }

    public string? Profile { get; set; }

    public DateTimeOffset? Date { get; set; }

    public bool Presign { get; set; }

    public long ExpiresSeconds { get; set; } = 3600;

    public bool SigV2 { get; set; }

    /// <summary>--sigv4a: sign with SigV4a (ECDSA P-256) for the <see cref="RegionSet"/>.</summary>
    public bool SigV4a { get; set; }

    /// <summary>--region-set's regions (SigV4a); null: every region, <c>*</c>.</summary>
    public string[]? RegionSet { get; set; }

    public string? Bucket { get; set; }

    public bool UnsignedPayload { get; set; }

    public bool Explain { get; set; }

    public PathNormalization? PathNormalization { get; set; }

    public PathEncoding? PathEncoding { get; set; }

    public ContentSha256Header? ContentSha256 { get; set; }

    public bool OmitSessionToken { get; set; }

    /// <summary>The signing flags, by spelling.</summary>
    private static readonly FlagTable<SigningFlags> Flags = new FlagTable<SigningFlags>()
        .Value("-X --request", (f, v) => f.Method = CliText.Token("-X", v, "an HTTP method", "GET or PUT"))
        .Value("-H --header", (f, v) => f.AddHeader(v))
        .Value("--data-binary", (f, v) => f.AddBody(f.ReadData("--data-binary", v)))
        .Value("--data-raw", (f, v) => f.AddBody(f.ReadData("--data-raw", v)))
        .Value("-d", (f, v) => f.AddBody(f.ReadData("-d", v)))
        .Value("--data", (f, v) => f.AddBody(f.ReadData("--data", v)))
        .Value("--aws-sigv4", (f, v) => f.ParseProvider(v))
        .Value("--user -u", (f, v) => f.User = CliText.Secret("--user", v, "ACCESS_KEY:SECRET_KEY"))
        .Value("--session-token", (f, v) => f.SessionToken = CliText.Secret("--session-token", v, "the session token of temporary credentials"))
        .Value("--profile", (f, v) => f.Profile = CliText.Text("--profile", v, "pass a profile name of ~/.aws/credentials, such as default."))
        .Value("--date", (f, v) => f.Date = ParseDate(v))
        .Switch("--debug", _ => RunContext.SetDebug())
        .Switch("--presign", f => f.Presign = true)
        .Value("--expires", (f, v) => f.ExpiresSeconds = CliText.Whole(v, 1, 604800, $"--expires {CliText.Show(v)} is not a whole number of seconds from 1 to 604800 (7 days), the life of a presigned URL."))
        .Switch("--sigv2", f => f.SigV2 = true)
        .Switch("--sigv4a", f => f.SigV4a = true)
        .Value("--region-set", (f, v) => f.RegionSet = ParseRegionSet(v))
        .Value("--bucket", (f, v) => f.Bucket = S3Path.CheckBucket("--bucket", v))
        .Switch("--unsigned-payload", f => f.UnsignedPayload = true)
        .Switch("--explain", f => f.Explain = true)
        .Switch("--no-normalize-path", f => f.PathNormalization = Signing.PathNormalization.None)
        .Switch("--normalize-path", f => f.PathNormalization = Signing.PathNormalization.Normalize)
        .Switch("--single-encode-path", f => f.PathEncoding = Signing.PathEncoding.Single)
        .Switch("--double-encode-path", f => f.PathEncoding = Signing.PathEncoding.Double)
        .Switch("--sign-content-sha256", f => f.ContentSha256 = ContentSha256Header.IncludeWhenPresigning)
        .Switch("--omit-session-token", f => f.OmitSessionToken = true);

    /// <summary>Takes one flag (and its value) if it is a signing flag; false if not.</summary>
    public bool TryTake(string arg, ArgReader reader) => Flags.TryTake(this, arg, reader);

    /// <summary>Adds a --data* body: several are joined with '&amp;', as curl does.</summary>
    private void AddBody(byte[] data) => Body = Body is null ? data : [.. Body, (byte)'&', .. data];

    /// <summary>curl's <c>-H 'Name: value'</c>: the value after the colon, leading blanks dropped; name and value checked.</summary>
    /// <exception cref="UsageException">No colon, a name that is not a token, or a value with a control or non-ASCII character.</exception>
    public static HttpHeader ParseHeader(string text)
    {
        int colon = text.IndexOf(':', StringComparison.Ordinal);
        UsageException.ThrowIf(colon <= 0, $"-H {CliText.Show(text)} is not 'Name: value'.");

        var header = new HttpHeader(text[..colon].Trim(), text[(colon + 1)..].TrimStart(' ', '\t'));
        CheckName(text, header.Name);
        CliText.HeaderValue("-H", text, header.Name, header.Value);
        return header;
    }

    /// <summary>
    /// curl's -H forms: <c>'Name: value'</c> sends the header; <c>'Name:'</c> sends no <c>Name</c>
    /// header at all (removing a default one); <c>'Name;'</c> sends it with an empty value.
    /// </summary>
    private void AddHeader(string text)
    {
        if (text.EndsWith(';') && !text.Contains(':', StringComparison.Ordinal) && text.Length > 1)
        {
            string name = text[..^1].Trim();
            CheckName(text, name);
            Headers.Add(new HttpHeader(name, string.Empty));
            return;
        }

        var header = ParseHeader(text);
        if (string.IsNullOrWhiteSpace(header.Value))
        {
            RemovedHeaders.Add(header.Name);
        }
        else
        {
            Headers.Add(header);
        }
    }

    private static void CheckName(string text, string name)
    {
        int bad = HeaderRules.IndexOfInvalidNameChar(name);
        if (bad >= 0)
        {
            throw new UsageException($"-H {CliText.Show(text)}: the header name contains {CliText.Describe(name[bad])}: a name is a token of letters, digits and !#$%&'*+-.^_`|~ (such as X-Amz-Meta-Color).");
        }

        UsageException.ThrowIf(name.Length == 0, $"-H {CliText.Show(text)} has no header name: write 'Name: value'.");
    }

    /// <summary>
    /// The bytes of a --data* value, as curl reads them: <c>@FILE</c> (or <c>@-</c>, standard input)
    /// is read from the file, except with --data-raw; -d and --data drop the file's CR and LF bytes,
    /// --data-binary keeps every byte.
    /// </summary>
    private byte[] ReadData(string flag, string value)
    {
        if (flag == "--data-raw" || !value.StartsWith('@'))
        {
            return System.Text.Encoding.UTF8.GetBytes(value);
        }

        string path = value[1..];
        byte[] bytes;
        UsageException.ThrowIf(path.Length == 0 || path.Contains('\0', StringComparison.Ordinal), $"{flag} {CliText.Show(value)} names no file: write @FILE, or @- for standard input.");

        if (path == "-")
        {
            using var stdin = OpenStdin();
            using var ms = new MemoryStream();
            stdin.CopyTo(ms);
            bytes = ms.ToArray();
        }
        else if (Directory.Exists(path))
        {
            throw new UsageException($"{flag} {CliText.Show(value)}: {CliText.Show(path)} is a directory: name a file.");
        }
        else if (!File.Exists(path))
        {
            throw new UsageException($"{flag} {CliText.Show(value)}: no such file.");
        }
        else
        {
            bytes = File.ReadAllBytes(path);
        }

        return flag is "-d" or "--data" ? [.. bytes.Where(b => b is not ((byte)'\r' or (byte)'\n'))] : bytes;
    }

    /// <summary>curl's <c>provider1[:provider2[:region[:service]]]</c>, such as <c>aws:amz:us-east-1:s3</c>: 2 to 4 parts, none empty.</summary>
    private void ParseProvider(string value)
    {
        ProviderGiven = true;
        CliText.NoControls("--aws-sigv4", value, "write aws:amz:REGION:SERVICE, such as aws:amz:us-east-1:s3.");
        var parts = value.Split(':');
        UsageException.ThrowIf(parts.Length is < 2 or > 4 || parts.Any(p => p.Trim().Length == 0), $"--aws-sigv4 {CliText.Show(value)} is not 'aws:amz:REGION:SERVICE' (2 to 4 parts, none empty), such as aws:amz:us-east-1:s3.");

        CliText.ScopePart("--aws-sigv4", parts[0], "provider", "aws");
        CliText.ScopePart("--aws-sigv4", parts[1], "provider", "amz");
        if (parts.Length >= 3)
        {
            Region = CliText.ScopePart("--aws-sigv4", parts[2], "region", "us-east-1");
        }

        if (parts.Length >= 4)
        {
            Service = CliText.ScopePart("--aws-sigv4", parts[3], "service", "s3");
        }
    }

    /// <summary>
    /// The SigV4a version choices, checked once the flags are read: --region-set needs --sigv4a,
    /// and --sigv4a excludes --sigv2.
    /// </summary>
    /// <exception cref="UsageException">The flags contradict each other.</exception>
    public void CheckVersion(string command)
    {
        UsageException.ThrowIf(RegionSet is not null && !SigV4a, $"{command}: --region-set is the region set of a SigV4a signature: add --sigv4a.");

        UsageException.ThrowIf(SigV4a && SigV2, $"{command}: --sigv4a and --sigv2 are two signature versions: pass one.");
    }

    /// <summary>--region-set's comma-separated regions (<c>us-east-1,us-west-2</c>, <c>*</c>): each non-empty, no white space or controls.</summary>
    private static string[] ParseRegionSet(string value)
    {
        const string Fix = "write regions separated by commas, such as us-east-1,us-west-2, or * for every region.";
        var regions = CliText.Text("--region-set", value, Fix).Split(',');
        foreach (string region in regions)
        {
            UsageException.ThrowIf(region.Length == 0, $"--region-set {CliText.Show(value)} has an empty region: {Fix}");

            int bad = region.AsSpan().IndexOfAny(" \t");
            if (bad >= 0 || region.Any(c => c >= 0x7F))
            {
                char c = bad >= 0 ? region[bad] : region.First(c => c >= 0x7F);
                throw new UsageException($"--region-set {CliText.Show(value)} contains {CliText.Describe(c)}: {Fix}");
            }
        }

        return regions;
    }

    private static DateTimeOffset ParseDate(string value)
    {
        if (CliText.IndexOfControl(value) < 0
            && (DateTimeOffset.TryParseExact(value, "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var d)
                || DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out d))
            && d.Year is >= 1970 and <= 9998)
        {
            return d;
        }

        throw new UsageException($"--date {CliText.Show(value)} is not a time from 1970 to 9998: use 20150830T123600Z (UTC).");
    }
}
