namespace Signing.Cli;

/// <summary>The sigv command line: dispatches to a command and maps errors to exit codes.</summary>
internal static class Sigv
{
    public const string Help = """
        sigv: AWS Signature V4/V4a/V2 signing from the command line.

        Usage: sigv COMMAND [ARGS]
          curl       send a signed request and print the response, with curl's flags (drop-in for curl --aws-sigv4)
          sign       sign a request: print its signed headers, or a presigned URL (--presign)
          presign    print a presigned S3 URL (GET, PUT with a bound Content-Type, DELETE, HEAD)
          s3         everyday S3 commands like 'aws s3': ls, mb, rb, cp, rm, cat, presign
          bench      measure signing throughput on this machine (signatures/s, chunk MB/s vs SHA-256)
          whoami     which credentials the chain finds: source, access key id, expiry (never the secret)
          --help     this text;  sigv COMMAND --help  for a command's flags and examples
          --version  the version
          --debug    (before or after COMMAND) on an internal error, print its stack trace too

        Examples:
          sigv curl --aws-sigv4 "aws:amz:us-east-1:s3" --user "$AK:$SK" -T report.pdf https://s3.example.com/bucket/
          sigv s3 --endpoint-url https://s3.example.com cp big.iso s3://bucket/isos/
          sigv presign --method PUT --content-type image/png https://s3.example.com/bucket/cat.png
          sigv sign https://iam.amazonaws.com/?Action=ListUsers --aws-sigv4 aws:amz:us-east-1:iam
          sigv bench

        Credentials: --user AK:SK, else the AWS CLI's chain: AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY
        (AWS_SESSION_TOKEN), web identity, the profile of ~/.aws/credentials and ~/.aws/config
        (--profile, AWS_PROFILE: keys, role_arn, sso_session, credential_process), container, EC2.
        Temporary credentials are renewed before they expire. Secrets are never printed.

        Exit codes: 0 ok, 1 request failed (or an internal error: please report it), 2 usage error,
        3 no credentials found, 130 interrupted (SIGINT, Ctrl+C), 143 terminated (SIGTERM); sigv curl
        also returns curl's 6, 7, 22, 23, 28, 35, 60 and 77 (see sigv curl --help).
        """;

    /// <summary>Runs sigv.</summary>
    /// <param name="args">The arguments.</param>
    /// <param name="stdout">Text output.</param>
    /// <param name="stderr">Errors and diagnostics (written line by line, the run's secrets redacted).</param>
    /// <param name="rawStdout">Binary output (response bodies of <c>sigv curl</c>, <c>s3 cat</c>); default: the process's standard output.</param>
    /// <param name="stdin">Standard input (<c>-T -</c>, <c>@-</c>, <c>s3 cp -</c>); default: the process's.</param>
    /// <param name="interrupt">SIGINT and SIGTERM; default: none (in-process runs).</param>
    /// <returns>The exit code (see <see cref="ExitCodes"/>).</returns>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr, Stream? rawStdout = null, Stream? stdin = null, Interrupt? interrupt = null)
    {
        using var ownInterrupt = interrupt is null ? new Interrupt() : null;
        var run = new RunContext(interrupt ?? ownInterrupt!);
        using var scope = RunContext.Enter(run);
        using var errors = new RedactingWriter(stderr, run);
        int first = 0;
        while (first < args.Length && args[first] == "--debug")
        {
            run.Debug = true;
            first++;
        }

        args = args[first..];
        if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
        {
            stdout.WriteLine(Help);
            return args.Length == 0 ? ExitCodes.Usage : ExitCodes.Ok;
        }

        try
        {
            return args[0] switch
            {
                "curl" => CurlCommand.Run(args[1..], rawStdout ?? Console.OpenStandardOutput(), errors, stdin ?? Console.OpenStandardInput()),
                "sign" => SignCommand.Run(args[1..], stdout, errors),
                "presign" => PresignCommand.Run(args[1..], stdout),
                "s3" => S3Command.Run(args[1..], stdout, errors, rawStdout ?? Console.OpenStandardOutput(), stdin ?? Console.OpenStandardInput()),
                "bench" => BenchCommand.Run(args[1..], stdout),
                "whoami" or "credentials" => WhoamiCommand.Run(args[1..], stdout),
                "--version" => Version(stdout),
                _ => throw new UsageException($"unknown command {CliText.Show(args[0])}; see 'sigv --help'."),
            };
        }
        catch (Exception e) when (e is UsageException or ArgumentException)
        {
            // An ArgumentException: a value the library refused that the command line did not catch first.
            errors.WriteLine($"sigv: {CliText.Message(e)}");
            return ExitCodes.Usage;
        }
        catch (CredentialsNotFoundException e)
        {
            errors.WriteLine($"sigv: {CliText.Message(e)}");
            return ExitCodes.NoCredentials;
        }
        catch (OperationCanceledException) when (run.Interrupt.IsRequested)
        {
            errors.WriteLine($"sigv: interrupted by {run.Interrupt.Name}.");
            return run.Interrupt.ExitCode;
        }
        catch (IOException e)
        {
            errors.WriteLine($"sigv: {CliText.Message(e)}");
            return ExitCodes.RequestFailed;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            ReportInternalError(e, errors, run.Debug);
            return ExitCodes.RequestFailed;
        }
    }

    /// <summary>
    /// Guards the process (the executable only): an exception on another thread ends sigv as an
    /// internal error (one line, exit 1) instead of .NET's stack dump and exit 134; an unobserved
    /// task exception is observed (with --debug, printed).
    /// </summary>
    /// <param name="stderr">Where the line goes.</param>
    /// <param name="debug">Whether --debug is among the arguments.</param>
    public static void GuardProcess(TextWriter stderr, bool debug)
    {
        AppDomain.CurrentDomain.UnhandledException += (_, e) =>
        {
            ReportInternalError(e.ExceptionObject as Exception, stderr, debug);
            stderr.Flush();
            Environment.Exit(ExitCodes.RequestFailed);
        };
        TaskScheduler.UnobservedTaskException += (_, e) =>
        {
            if (debug)
            {
                stderr.WriteLine(RunContext.RedactAnywhere($"sigv: debug: unobserved task exception: {e.Exception}"));
            }

            e.SetObserved();
        };
    }

    /// <summary>
    /// <c>sigv: internal error: TYPE: MESSAGE (please report this)</c>, the message cut to one short
    /// line; with --debug the exception with its stack trace follows.
    /// </summary>
    internal static void ReportInternalError(Exception? e, TextWriter stderr, bool debug)
    {
        string what = e is null ? "an unknown failure" : $"{e.GetType().Name}: {CliText.Message(e)}";
        if (what.Length > 300)
        {
            what = what[..300] + "...";
        }

        string line = $"sigv: internal error: {what} (please report this{(debug ? string.Empty : "; --debug shows where")})";
        stderr.WriteLine(RunContext.RedactAnywhere(line));
        if (debug && e is not null)
        {
            stderr.WriteLine(RunContext.RedactAnywhere(e.ToString()));
        }
    }

    private static int Version(TextWriter stdout)
    {
        stdout.WriteLine($"sigv {typeof(Sigv).Assembly.GetName().Version}");
        return ExitCodes.Ok;
    }
}
