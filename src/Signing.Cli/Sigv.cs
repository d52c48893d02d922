namespace Signing.Cli;

/// <summary>The sigv command line: dispatches to a command and maps errors to exit codes.</summary>
internal static class Sigv
{
    public const string Help = """
        sigv: AWS Signature V4/V2 signing from the command line.

        Usage: sigv COMMAND [ARGS]
          curl       send a signed request and print the response, with curl's flags (drop-in for curl --aws-sigv4)
          sign       sign a request: print its signed headers, or a presigned URL (--presign)
          presign    print a presigned S3 URL (GET, PUT with a bound Content-Type, DELETE, HEAD)
          s3         everyday S3 commands like 'aws s3': ls, mb, rb, cp, rm, cat, presign
          bench      measure signing throughput on this machine (signatures/s, chunk MB/s vs SHA-256)
          --help     this text;  sigv COMMAND --help  for a command's flags and examples
          --version  the version

        Examples:
          sigv curl --aws-sigv4 "aws:amz:us-east-1:s3" --user "$AK:$SK" -T report.pdf https://s3.example.com/bucket/
          sigv s3 --endpoint-url https://s3.example.com cp big.iso s3://bucket/isos/
          sigv presign --method PUT --content-type image/png https://s3.example.com/bucket/cat.png
          sigv sign https://iam.amazonaws.com/?Action=ListUsers --aws-sigv4 aws:amz:us-east-1:iam
          sigv bench

        Credentials: --user AK:SK, else AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY (AWS_SESSION_TOKEN),
        else ~/.aws/credentials and ~/.aws/config (--profile, AWS_PROFILE). Secrets are never printed.

        Exit codes: 0 ok, 1 request failed, 2 usage error, 3 no credentials found; sigv curl also
        returns curl's 6, 7, 22, 23, 28, 35 and 60 (see sigv curl --help).
        """;

    /// <summary>Runs sigv.</summary>
    /// <param name="args">The arguments.</param>
    /// <param name="stdout">Text output.</param>
    /// <param name="stderr">Errors and diagnostics.</param>
    /// <param name="rawStdout">Binary output (response bodies of <c>sigv curl</c>); default: the process's standard output.</param>
    /// <param name="stdin">Standard input (<c>-T -</c>, <c>@-</c>); default: the process's.</param>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr, Stream? rawStdout = null, Stream? stdin = null)
    {
        if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
        {
            stdout.WriteLine(Help);
            return args.Length == 0 ? ExitCodes.Usage : ExitCodes.Ok;
        }

        try
        {
            return args[0] switch
            {
                "curl" => CurlCommand.Run(args[1..], rawStdout ?? Console.OpenStandardOutput(), stderr, stdin ?? Console.OpenStandardInput()),
                "sign" => SignCommand.Run(args[1..], stdout, stderr),
                "presign" => PresignCommand.Run(args[1..], stdout),
                "s3" => S3Command.Run(args[1..], stdout, stderr),
                "bench" => BenchCommand.Run(args[1..], stdout),
                "--version" => Version(stdout),
                _ => throw new UsageException($"unknown command '{args[0]}'; see 'sigv --help'."),
            };
        }
        catch (UsageException e)
        {
            stderr.WriteLine($"sigv: {e.Message}");
            return ExitCodes.Usage;
        }
        catch (ArgumentException e)
        {
            stderr.WriteLine($"sigv: {OneLine(e.Message)}");
            return ExitCodes.Usage;
        }
        catch (CredentialsNotFoundException e)
        {
            stderr.WriteLine($"sigv: {OneLine(e.Message)}");
            return ExitCodes.NoCredentials;
        }
        catch (IOException e)
        {
            stderr.WriteLine($"sigv: {OneLine(e.Message)}");
            return ExitCodes.RequestFailed;
        }
    }

    private static int Version(TextWriter stdout)
    {
        stdout.WriteLine($"sigv {typeof(Sigv).Assembly.GetName().Version}");
        return ExitCodes.Ok;
    }

    private static string OneLine(string message) => message.ReplaceLineEndings(" ");
}
