namespace Signing;

/// <summary>
/// No credentials could be obtained. The message lists every source tried, in order, with where it
/// looked and why it gave none (never a secret or token); <see cref="Attempts"/> holds the same list.
/// When a source was set up but failed (a <c>credential_process</c> that exits with an error, an STS
/// call refused), the message ends with that failure and <see cref="Exception.InnerException"/> may
/// hold its cause (such as an <see cref="StsException"/>).
/// </summary>
public sealed class CredentialsNotFoundException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What was looked at and how to provide credentials.</param>
    public CredentialsNotFoundException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public CredentialsNotFoundException()
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public CredentialsNotFoundException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception for a chain that tried <paramref name="attempts"/>.</summary>
    internal CredentialsNotFoundException(string message, IReadOnlyList<string> attempts, Exception? innerException)
        : base(message, innerException)
    {
        Attempts = attempts;
    }

    /// <summary>Each source tried, in order: its name, where it looked and why it gave no credentials. Empty when not from a chain.</summary>
    public IReadOnlyList<string> Attempts { get; } = [];
}
