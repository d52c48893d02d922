namespace Signing.Cli;

/// <summary>The sigv command line (placeholder until the commands land in this change).</summary>
internal static class Sigv
{
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        stderr.WriteLine("sigv: no command yet");
        return 2;
    }
}
