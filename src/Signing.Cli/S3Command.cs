using Signing.S3;

namespace Signing.Cli;

/// <summary>
/// <c>sigv s3</c>: everyday S3 commands shaped like the AWS CLI's <c>aws s3</c> (<c>ls</c>,
/// <c>mb</c>, <c>rb</c>, <c>cp</c>, <c>rm</c>) plus <c>cat</c> and <c>presign</c>, over
/// <see cref="S3Client"/>. Result lines (<c>upload: a to s3://b/a</c>) go to standard output,
/// progress bars to standard error when it is a terminal, errors as one line on standard error.
/// </summary>
internal sealed partial class S3Command(S3Args args, S3Client client, TextWriter stdout, TextWriter stderr, Stream rawStdout, Stream stdin, CancellationToken cancellationToken)
{
    private readonly S3Args _args = args;
    private readonly S3Client _client = client;
    private readonly TextWriter _out = stdout;
    private readonly TextWriter _err = stderr;
    private readonly Stream _rawStdout = rawStdout;
    private readonly Stream _stdin = stdin;
    private readonly CancellationToken _ct = cancellationToken;

    /// <summary>Keys of a recursive download that were not written (they would land outside the target directory).</summary>
    private int _skipped;

    /// <summary>Runs <c>sigv s3 ARGS</c>; usage errors and missing credentials propagate to <see cref="Sigv.Run"/>.</summary>
    /// <param name="args">The arguments after <c>s3</c>.</param>
    /// <param name="stdout">Result lines.</param>
    /// <param name="stderr">Errors.</param>
    /// <param name="rawStdout">Object bytes (<c>cat</c>, <c>cp ... -</c>).</param>
    /// <param name="stdin">What <c>cp - ...</c> uploads.</param>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr, Stream rawStdout, Stream stdin)
    {
        var parsed = S3Args.Parse(args);
        if (parsed.Help)
        {
            stdout.WriteLine(Subcommands.TryGetValue(parsed.Subcommand ?? string.Empty, out var subcommand) ? subcommand.Help : S3Help.Main);
            return ExitCodes.Ok;
        }

        if (parsed.Subcommand is null)
        {
            stdout.WriteLine(S3Help.Main);
            return ExitCodes.Usage;
        }

        parsed.Validate();
        var buckets = parsed.Paths.Where(S3Path.IsS3).Select(p => S3Path.Parse(p).Bucket).ToList();
        var options = S3Setup.ClientOptions(parsed, buckets, Environment.GetEnvironmentVariable);
        if (options.DangerousAcceptAnyServerCertificate)
        {
            stderr.WriteLine("sigv: warning: --no-verify-ssl: server certificates are not checked, so anyone between here and the server can read and change the traffic; use --ca-bundle for a private CA.");
        }

        using var client = parsed.Routes.IsEmpty ? new S3Client(options) : new S3Client(options, RoutedHandler(parsed.Routes, options));
        var interrupt = RunContext.Current?.Interrupt;
        using var armed = interrupt?.Arm();
        string context = $"sigv: s3 {parsed.Subcommand}:";
        try
        {
            var command = new S3Command(parsed, client, stdout, stderr, rawStdout, stdin, interrupt?.Token ?? CancellationToken.None);
            return Subcommands[parsed.Subcommand!].Run(command).GetAwaiter().GetResult();
        }
        catch (OperationCanceledException) when (interrupt?.IsRequested == true)
        {
            // The client has aborted a multipart upload and removed a partial download by now.
            stderr.WriteLine($"{context} interrupted by {interrupt.Name}.");
            return interrupt.ExitCode;
        }
        catch (S3Exception e)
        {
            stderr.WriteLine($"{context} {CliText.Message(e)}{Fix(e, parsed)}");
        }
        catch (S3TlsException e)
        {
            // The host, the reason and the fix (--ca-bundle, --path-style, ...) are in the message.
            string bundle = e.Kind == TlsFailureKind.Untrusted && S3Setup.CaBundle(parsed, S3Setup.UserEnvironment()) is { } ca ? $" (CA bundle: {ca.Source} {CliText.Show(ca.Value)})" : string.Empty;
            stderr.WriteLine($"{context} {CliText.Message(e)}{bundle}");
        }
        catch (HttpRequestException e)
        {
            stderr.WriteLine($"{context} {CliText.Message(e)}; check --endpoint-url ({options.Endpoint}) and that the server is up.");
        }
        catch (TimeoutException e)
        {
            stderr.WriteLine($"{context} {CliText.Message(e)}; check the network, or the server at {options.Endpoint} (--cli-read-timeout, --cli-connect-timeout).");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            stderr.WriteLine($"{context} {CliText.Message(e)}");
        }

        return ExitCodes.RequestFailed;
    }

    /// <summary>The client's handler when --resolve or --connect-to say where connections go (otherwise the client makes its own, alike).</summary>
    private static SocketsHttpHandler RoutedHandler(ConnectRoutes routes, S3ClientOptions options) => new()
    {
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        AllowAutoRedirect = false,
        ConnectTimeout = options.ConnectTimeout,
        ConnectCallback = routes.ConnectAsync,
    };

    /// <summary>What to do about an S3 error, as a clause to append to its message (empty when there is nothing to add).</summary>
    internal static string Fix(S3Exception e, S3Args args) => e.Code switch
    {
        "NoSuchBucket" => "; check the bucket name ('sigv s3 ls' lists yours) or create it with 'sigv s3 mb'.",
        "NoSuchKey" => "; check the key ('sigv s3 ls s3://BUCKET/PREFIX' lists them).",
        "BucketNotEmpty" => "; delete its objects first, or use 'sigv s3 rb --force'.",
        "BucketAlreadyExists" => "; bucket names are global: pick another.",
        "BucketAlreadyOwnedByYou" => "; it is yours already.",
        "InvalidAccessKeyId" => "; the server does not know this access key: check AWS_ACCESS_KEY_ID, --profile or --user, and --endpoint-url.",
        "SignatureDoesNotMatch" => args.Signature == S3SigningPolicy.SigV4
            ? "; check the secret key; a server that wants Signature V2 needs --signature v2 (or hybrid)."
            : "; check the secret key.",
        "AccessDenied" or "Forbidden" => "; the credentials may not do this: check the bucket policy or ACL, and --profile or --user.",
        "AuthorizationHeaderMalformed" or "PermanentRedirect" or "IllegalLocationConstraintException" or "InvalidLocationConstraint"
            => "; the bucket is in another region: pass --region (or AWS_REGION).",
        "RequestTimeTooSkewed" => "; set this machine's clock right (NTP).",
        "NoSuchCORSConfiguration" => "; the bucket has no CORS rules: set them with 'sigv s3 cors put s3://BUCKET FILE'.",
        "EntityTooLarge" => "; lower --multipart-threshold so the upload goes in parts.",
        _ => string.Empty,
    };

    /// <summary>Each subcommand's help and what runs it (<see cref="S3Args.Validate"/> has refused any other).</summary>
    private static readonly Dictionary<string, (string Help, Func<S3Command, Task<int>> Run)> Subcommands = new(StringComparer.Ordinal)
    {
        ["ls"] = (S3Help.Ls, c => c.ListAsync()),
        ["mb"] = (S3Help.Mb, c => c.MakeBucketAsync()),
        ["rb"] = (S3Help.Rb, c => c.RemoveBucketAsync()),
        ["cp"] = (S3Help.Cp, c => c.CopyAsync()),
        ["mv"] = (S3Help.Mv, c => c.MoveAsync()),
        ["sync"] = (S3Help.Sync, c => c.SyncAsync()),
        ["rm"] = (S3Help.Rm, c => c.RemoveAsync()),
        ["cat"] = (S3Help.Cat, c => c.CatAsync()),
        ["presign"] = (S3Help.Presign, c => Task.FromResult(c.Presign())),
        ["presign-post"] = (S3Help.PresignPost, c => Task.FromResult(c.PresignPost())),
        ["cors"] = (S3Help.Cors, c => c.CorsAsync()),
    };

    /// <summary>Whether a progress bar would show: standard error is a terminal and neither --quiet nor --no-progress.</summary>
    private bool ShowProgress => !_args.Quiet && !_args.NoProgress && !Console.IsErrorRedirected;

    private ProgressBar Bar(string label, long? total) => ProgressBar.ForTerminal(label, total, ShowProgress);

    /// <summary>The single s3:// path of <c>mb</c>, <c>rb</c>, <c>rm</c>, <c>cat</c> and <c>presign</c>.</summary>
    private S3Path OnePath() => S3Path.Parse(_args.Paths[0]);

    /// <summary>
    /// A path that must name an object: any key, a folder marker (<c>dir/</c>, made by consoles and
    /// boto3) included, as <c>aws s3</c> takes it; not the bucket itself.
    /// </summary>
    private S3Path ObjectPath()
    {
        var path = OnePath();
        return path.Key.Length == 0
            ? throw new UsageException($"s3 {_args.Subcommand}: {CliText.Show(_args.Paths[0])} names no object: write s3://BUCKET/KEY.")
            : path;
    }
}
