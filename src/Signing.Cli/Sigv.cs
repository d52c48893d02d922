namespace Signing.Cli;

/// <summary>The sigv command line: dispatches to a command and maps errors to exit codes.</summary>
internal static class Sigv
{
    public const string Help = """
        sigv: AWS Signature V4/V2 signing from the command line.

        Usage: sigv COMMAND [ARGS]
          sign       sign a request: print its signed headers, or a presigned URL (--presign)
          presign    print a presigned S3 URL (GET, PUT with a bound Content-Type, DELETE, HEAD)
          s3         everyday S3 commands like 'aws s3': ls, mb, rb, cp, rm, cat, presign
          --help     this text;  sigv COMMAND --help  for a command's flags and examples
          --version  the version

        Exit codes: 0 ok, 1 request failed, 2 usage error, 3 no credentials found.
        """;

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
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
                "sign" => SignCommand.Run(args[1..], stdout, stderr),
                "presign" => PresignCommand.Run(args[1..], stdout),
                "s3" => S3Command.Run(args[1..], stdout, stderr),
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
