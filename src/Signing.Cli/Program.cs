namespace Signing.Cli;

internal static class Program
{
    private static int Main(string[] args)
    {
        Sigv.GuardProcess(Console.Error, args.Contains("--debug"));
        using var interrupt = Interrupt.FromSignals();
        return Sigv.Run(args, Console.Out, Console.Error, Console.OpenStandardOutput(), Console.OpenStandardInput(), interrupt);
    }
}
