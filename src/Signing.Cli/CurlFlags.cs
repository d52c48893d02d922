using System.Globalization;

namespace Signing.Cli;

/// <summary>
/// The flags of <c>sigv curl</c>: curl's own (upload, output, verbosity, failing, timeouts, TLS)
/// on top of the shared signing flags, in curl's spellings, glued forms and clusters (<c>-sS</c>,
/// <c>-fsSo FILE</c>, <c>-sXPUT</c>).
/// </summary>
internal sealed class CurlFlags
{
    public CurlFlags(SigningFlags signing) => Signing = signing;

    /// <summary>The request and signing flags (-X, -H, --data*, --user, --aws-sigv4, ...).</summary>
    public SigningFlags Signing { get; }

    /// <summary>-h/--help was given.</summary>
    public bool Help { get; private set; }

    /// <summary>-T/--upload-file: a file to PUT, or <c>-</c> for standard input.</summary>
    public string? UploadFile { get; private set; }

    /// <summary>-o/--output: where the body goes; null or <c>-</c> is standard output.</summary>
    public string? Output { get; private set; }

    /// <summary>-w/--write-out: the format written to standard output after the transfer (see <see cref="CurlWriteOut"/>).</summary>
    public string? WriteOut { get; private set; }

    public bool Include { get; private set; }

    public bool Head { get; private set; }

    public bool Silent { get; private set; }

    public bool ShowError { get; private set; }

    public bool Verbose { get; private set; }

    public bool Fail { get; private set; }

    public bool FailWithBody { get; private set; }

    public bool Insecure { get; private set; }

    /// <summary>--cacert: a PEM file whose CA certificates are trusted instead of the system's.</summary>
    public string? CaCert { get; private set; }

    /// <summary>--capath: directories (separated by ':') of PEM CA certificates trusted besides the others.</summary>
    public string? CaPath { get; private set; }

    /// <summary>--resolve and --connect-to.</summary>
    public ConnectRoutes Routes { get; } = new();

    public bool ProgressBar { get; private set; }

    /// <summary>--chunked: send the body aws-chunked with a signature per chunk (SigV4 streaming).</summary>
    public bool Chunked { get; private set; }

    public TimeSpan? ConnectTimeout { get; private set; }

    public TimeSpan? MaxTime { get; private set; }

    /// <summary>--speed-limit: the lowest average rate, in bytes a second, over <see cref="SpeedTime"/>; null when neither is given.</summary>
    public long? SpeedLimit { get; private set; }

    /// <summary>--speed-time: the window of <see cref="SpeedLimit"/>; null when neither is given.</summary>
    public TimeSpan? SpeedTime { get; private set; }

    /// <summary>
    /// Whether a flag asks for a signature: then missing credentials are an error (exit 3);
    /// otherwise, as curl, the request goes unsigned when no credentials are found anywhere.
    /// </summary>
    public bool AsksToSign =>
        Signing.ProviderGiven || Signing.User is not null || Signing.Profile is not null || Signing.SessionToken is not null
        || Signing.SigV2 || Signing.SigV4a || Signing.UnsignedPayload || Signing.Explain || Chunked;

    /// <summary>Whether error messages are printed: not with -s, unless -S too.</summary>
    public bool ShowErrors => !Silent || ShowError;

    /// <summary>curl's own flags, by spelling; the one-letter switches may be clustered.</summary>
    private static readonly FlagTable<CurlFlags> Flags = new FlagTable<CurlFlags>()
        .Value("-T --upload-file", (f, v) => f.UploadFile = CliText.LocalPath("-T", v))
        .Value("-o --output", (f, v) => f.Output = CliText.LocalPath("-o", v))
        .Value("-w --write-out", (f, v) => f.WriteOut = CurlWriteOut.Load(v, f.Signing.OpenStdin))
        .Value("--url", (f, v) => f.SetUrl(v))
        .Value("--cacert", (f, v) => f.CaCert = CliText.LocalPath("--cacert", v))
        .Value("--capath", (f, v) => f.CaPath = CliText.LocalPath("--capath", v))
        .Value("--resolve", (f, v) => f.Routes.AddResolve("--resolve", v))
        .Value("--connect-to", (f, v) => f.Routes.AddConnectTo("--connect-to", v))
        .Value("--connect-timeout", (f, v) => f.ConnectTimeout = Seconds("--connect-timeout", v))
        .Value("--max-time -m", (f, v) => f.MaxTime = Seconds("--max-time", v))
        .Value("--speed-limit -Y", (f, v) => f.SpeedLimit = Whole("--speed-limit", v, "bytes a second", long.MaxValue))
        .Value("--speed-time -y", (f, v) => f.SpeedTime = TimeSpan.FromSeconds(Whole("--speed-time", v, "seconds", int.MaxValue / 1000)))
        .Switch("-s --silent", f => f.Silent = true)
        .Switch("-S --show-error", f => f.ShowError = true)
        .Switch("-v --verbose", f => f.Verbose = true)
        .Switch("-i --include", f => f.Include = true)
        .Switch("-I --head", f => f.Head = true)
        .Switch("-f --fail", f => f.Fail = true)
        .Switch("--fail-with-body", f => f.FailWithBody = true)
        .Switch("-k --insecure", f => f.Insecure = true)
        .Switch("-# --progress-bar", f => f.ProgressBar = true)
        .Switch("--chunked", f => f.Chunked = true)
        .Switch("-h --help", f => f.Help = true)
        .Switch("--presign", _ => throw ForPresign("--presign"))
        .Switch("--expires", _ => throw ForPresign("--expires"));

    /// <summary>Reads the arguments of <c>sigv curl</c>; a <see cref="UsageException"/> names what is wrong.</summary>
    public static CurlFlags Parse(IReadOnlyList<string> args, Func<Stream>? openStdin = null)
    {
        var flags = new CurlFlags(openStdin is null ? new SigningFlags() : new SigningFlags { OpenStdin = openStdin });
        var reader = new ArgReader([.. args]);
        while (reader.More)
        {
            string arg = reader.Next();

            // A cluster of one-letter switches, as curl reads it: -sSf is -s -S -f; -sXPUT is -s -XPUT.
            while (arg.Length > 2 && arg[0] == '-' && arg[1] != '-' && Flags.IsSwitch(arg[..2]))
            {
                Flags.TryTake(flags, arg[..2], reader);
                arg = "-" + arg[2..];
            }

            if (Flags.TryTake(flags, arg, reader) || flags.Signing.TryTake(arg, reader))
            {
                continue;
            }

            UsageException.ThrowIf(arg.StartsWith('-') && arg.Length > 1, $"curl: unknown flag {CliText.Show(ArgReader.FlagName(arg))}; see 'sigv curl --help'.");

            flags.SetUrl(arg);
        }

        if (!flags.Help)
        {
            flags.Validate();
        }

        return flags;
    }

    private static UsageException ForPresign(string flag) =>
        new($"curl: {flag} is for 'sigv presign' (or 'sigv sign --presign'); 'sigv curl' sends the request.");

    private void SetUrl(string url) =>
        Signing.Url = Signing.Url is null ? url : throw new UsageException($"curl: a second URL {CliText.Show(url)}; pass one URL.");

    /// <summary>curl's seconds: a decimal number such as 2.5, at most 2147483 (24 days); 0 means no limit.</summary>
    private static TimeSpan? Seconds(string flag, string value)
    {
        UsageException.ThrowIf(!double.TryParse(value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out double seconds) || !double.IsFinite(seconds) || seconds > int.MaxValue / 1000, $"{flag} {CliText.Show(value)} is not a number of seconds from 0 to 2147483: use one such as 10 or 2.5 (0: no limit).");

        return seconds == 0 ? null : TimeSpan.FromSeconds(seconds);
    }

    /// <summary>A whole number from 0 to <paramref name="max"/>, as curl's --speed-limit and --speed-time take it.</summary>
    private static long Whole(string flag, string value, string unit, long max) =>
        CliText.Whole(value, 0, max, $"{flag} {CliText.Show(value)} is not a whole number of {unit} from 0 to {max.ToString(CultureInfo.InvariantCulture)}.");

    /// <summary>Combinations curl refuses too, or that cannot mean anything; curl's defaults for half of --speed-limit/--speed-time.</summary>
    private void Validate()
    {
        if (SpeedLimit is not null || SpeedTime is not null)
        {
            // As curl: --speed-time alone checks for 1 byte a second; --speed-limit alone over 30 seconds.
            // 0 for either turns the check off.
            SpeedLimit ??= 1;
            SpeedTime ??= TimeSpan.FromSeconds(30);
            if (SpeedLimit == 0 || SpeedTime == TimeSpan.Zero)
            {
                (SpeedLimit, SpeedTime) = (null, null);
            }
        }

        UsageException.ThrowIf(Signing.Url is null, "curl: no URL; see 'sigv curl --help'.");

        UsageException.ThrowIf(UploadFile is not null && Signing.Body is not null, "curl: -T and --data* both give a body: pass one.");

        UsageException.ThrowIf(Head && (UploadFile is not null || Signing.Body is not null), "curl: -I/--head sends a HEAD request, which has no body: drop -I or the -T/--data* flag.");

        UsageException.ThrowIf(Fail && FailWithBody, "curl: -f/--fail and --fail-with-body exclude each other: pass one.");

        Signing.CheckVersion("curl");
        UsageException.ThrowIf(Signing.SigV2 && (Chunked || Signing.UnsignedPayload), $"curl: {(Chunked ? "--chunked" : "--unsigned-payload")} is SigV4 only: SigV2 does not sign the payload.");

        UsageException.ThrowIf(Chunked && Signing.UnsignedPayload, "curl: --chunked signs every chunk; --unsigned-payload signs none: pass one.");

        UsageException.ThrowIf(Chunked && UploadFile is null && Signing.Body is null, "curl: --chunked needs a body: pass -T FILE or --data-binary @FILE.");
    }
}
