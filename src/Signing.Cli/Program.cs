namespace Signing.Cli;

internal static class Program
{
    private static int Main(string[] args) => Sigv.Run(args, Console.Out, Console.Error, Console.OpenStandardOutput(), Console.OpenStandardInput());
}
