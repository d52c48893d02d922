using System.Globalization;
using Signing.S3;

namespace Signing.Cli;

/// <summary>
/// The command line of <c>sigv s3</c>: the subcommand, its paths, and every flag, which may come
/// before or after the subcommand (<c>--</c> ends the flags). Flags a subcommand does not take
/// are refused by <see cref="Validate"/>.
/// </summary>
internal sealed partial class S3Args
{
    /// <summary>The subcommands and the flags each takes besides the global ones.</summary>
    private static readonly Dictionary<string, string[]> SubcommandFlags = new(StringComparer.Ordinal)
    {
        ["ls"] = ["--recursive", "--human-readable", "--summarize", "--page-size"],
        ["mb"] = [],
        ["rb"] = ["--force"],
        ["cp"] = ["--recursive", .. ObjectFlags, .. TransferFlags],
        ["mv"] = ["--recursive", .. ObjectFlags, .. TransferFlags],
        ["sync"] = ["--delete", "--size-only", "--exact-timestamps", .. ObjectFlags, .. TransferFlags],
        ["rm"] = ["--recursive", "--dryrun", "--exclude", "--include", "--page-size"],
        ["cat"] = [],
        ["presign"] = ["--expires-in", "--method", "--content-type"],
        ["presign-post"] = ["--expires-in", "--content-length-range", "--content-type", "--acl", "--html"],
        ["cors"] = [],
    };

    private readonly List<string> _subcommandFlags = [];

    public const long MiB = 1024 * 1024;

    /// <summary>The subcommand (<c>ls</c>, <c>cp</c>, ...), or null when none was given.</summary>
    public string? Subcommand { get; private set; }

    /// <summary>The arguments after the subcommand that are not flags.</summary>
    public List<string> Paths { get; } = [];

    public bool Help { get; private set; }

    public string? EndpointUrl { get; private set; }

    public string? Region { get; private set; }

    public string? Profile { get; private set; }

    public string? User { get; private set; }

    public string? SessionToken { get; private set; }

    public bool NoSignRequest { get; private set; }

    /// <summary>--ca-bundle: a PEM file of CA certificates to trust (else AWS_CA_BUNDLE, else the profile's ca_bundle).</summary>
    public string? CaBundle { get; private set; }

    /// <summary>--no-verify-ssl: accept any server certificate (as the AWS CLI's; tests only).</summary>
    public bool NoVerifySsl { get; private set; }

    /// <summary>--resolve and --connect-to (curl's, a sigv extension): where connections go without DNS.</summary>
    public ConnectRoutes Routes { get; } = new();

    /// <summary>--path-style or --virtual-host; null picks by endpoint (see <see cref="S3Setup.ChooseAddressing"/>).</summary>
    public S3Addressing? Addressing { get; private set; }

    public S3SigningPolicy Signature { get; private set; }

    /// <summary>--quiet / --only-show-errors: no result lines, no progress bar.</summary>
    public bool Quiet { get; private set; }

    public bool NoProgress { get; private set; }

    public bool Recursive { get; private set; }

    public bool HumanReadable { get; private set; }

    public bool Summarize { get; private set; }

    public bool Force { get; private set; }

    public bool DryRun { get; private set; }

    public S3CannedAcl? Acl { get; private set; }

    public string? ContentType { get; private set; }

    /// <summary>Above this many bytes uploads and downloads are multipart. Default 8 MiB, as the AWS CLI's.</summary>
    public long MultipartThreshold { get; private set; } = 8 * MiB;

    /// <summary>The part size of multipart transfers. Default 8 MiB, as the AWS CLI's.</summary>
    public long MultipartChunkSize { get; private set; } = 8 * MiB;

    public long ExpiresIn { get; private set; } = 3600;

    public string Method { get; private set; } = "GET";

    /// <summary>--content-length-range MIN,MAX of presign-post, or null.</summary>
    public (long Min, long Max)? ContentLengthRange { get; private set; }

    /// <summary>--html: presign-post prints an upload form instead of JSON.</summary>
    public bool Html { get; private set; }

    /// <summary>--cli-read-timeout: the longest wait for a byte of a body (0: none); null keeps the client's default (30 s).</summary>
    public TimeSpan? ReadTimeout { get; private set; }

    /// <summary>--cli-connect-timeout: the longest wait for a connection (0: none); null keeps the client's default (10 s).</summary>
    public TimeSpan? ConnectTimeout { get; private set; }

    /// <summary>The largest size flag accepted: 5 TiB, S3's largest object.</summary>
    public const long MaxSize = 5L * 1024 * 1024 * 1024 * 1024;

    /// <summary>Reads the arguments after <c>s3</c>.</summary>
    /// <exception cref="UsageException">An unknown flag, or a flag without its value or with a malformed one.</exception>
    public static S3Args Parse(string[] args)
    {
        var parsed = new S3Args();
        var reader = new ArgReader(args);
        bool flagsEnded = false;
        while (reader.More)
        {
            string arg = reader.Next();
            if (flagsEnded || arg == "-" || !arg.StartsWith('-'))
            {
                if (parsed.Subcommand is null)
                {
                    parsed.Subcommand = arg;
                }
                else
                {
                    parsed.Paths.Add(arg);
                }
            }
            else if (arg == "--")
            {
                flagsEnded = true;
            }
            else
            {
                parsed.Take(arg, reader);
            }
        }

        return parsed;
    }

    /// <summary>Checks the subcommand, the flags it was given and the number of paths.</summary>
    /// <exception cref="UsageException">What is wrong, and where to look.</exception>
    public void Validate()
    {
        if (Subcommand is null || !SubcommandFlags.TryGetValue(Subcommand, out var allowed))
        {
            throw new UsageException($"s3: unknown subcommand {CliText.Show(Subcommand ?? string.Empty)}; use ls, mb, rb, cp, mv, sync, rm, cat, presign, presign-post or cors (see 'sigv s3 --help').");
        }

        if (_subcommandFlags.FirstOrDefault(f => !allowed.Contains(f)) is { } misplaced)
        {
            throw new UsageException($"s3 {Subcommand}: {misplaced} does not apply here; see 'sigv s3 {Subcommand} --help'.");
        }

        (int min, int max) = Subcommand switch
        {
            "ls" => (0, 1),
            "cp" or "mv" or "sync" => (2, 2),
            "cors" => (2, 3),
            _ => (1, 1),
        };
        if (Paths.Count < min || Paths.Count > max)
        {
            string expected = min == max ? min.ToString(CultureInfo.InvariantCulture) : $"{min} or {max}";
            throw new UsageException($"s3 {Subcommand}: takes {expected} path{(max == 1 ? string.Empty : "s")}, got {Paths.Count}; see 'sigv s3 {Subcommand} --help'.");
        }

        if (Subcommand == "ls" && Paths.Count == 1 && !S3Path.IsS3(Paths[0]))
        {
            Paths[0] = "s3://" + Paths[0]; // 'ls bucket' as the AWS CLI takes it
        }

        ValidateSync();
        UsageException.ThrowIf(Subcommand == "presign" && ContentType is not null && Method != "PUT", "s3 presign: --content-type binds the Content-Type of an upload: use it with --method PUT.");
    }

    private void Take(string arg, ArgReader reader)
    {
        string flag = ArgReader.FlagName(arg);
        UsageException.ThrowIf(!Flags.TryTake(this, arg, reader), $"s3: unknown flag {CliText.Show(flag)}; see 'sigv s3 --help'.");

        if (Flags.IsSwitch(flag) && arg.Contains('=', StringComparison.Ordinal))
        {
            throw new UsageException($"s3: {flag} takes no value; drop {CliText.Show(arg[arg.IndexOf('=', StringComparison.Ordinal)..])}.");
        }

        if (flag.StartsWith("--", StringComparison.Ordinal) && SubcommandFlags.Values.Any(f => f.Contains(flag)))
        {
            _subcommandFlags.Add(flag);
        }
    }
}
