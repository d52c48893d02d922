using System.Diagnostics.CodeAnalysis;

namespace Signing.Cli;

/// <summary>Bad command-line input: printed as one line, exit code 2.</summary>
internal sealed class UsageException(string message) : Exception(message)
{
    /// <summary>Refuses the input when <paramref name="refused"/>, with <paramref name="message"/> (built either way: keep it free of work and of indexing that needs the refusal).</summary>
    /// <exception cref="UsageException"><paramref name="refused"/> is true.</exception>
    public static void ThrowIf([DoesNotReturnIf(true)] bool refused, string message)
    {
        if (refused)
        {
            throw new UsageException(message);
        }
    }
}
