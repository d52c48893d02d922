namespace Signing.Cli;

/// <summary>
/// What one run of sigv shares across its commands: <c>--debug</c>, the interruption (SIGINT,
/// SIGTERM), and the secrets found so far, which <see cref="Redact"/> removes from every message.
/// Reached through <see cref="Current"/> (an async-local, so parallel in-process runs stay apart).
/// </summary>
internal sealed class RunContext
{
    /// <summary>Secrets shorter than this are not searched for (they would blank out ordinary words).</summary>
    private const int MinSecretLength = 8;

    private static readonly AsyncLocal<RunContext?> Slot = new();

    /// <summary>Every run entered and not yet left in this process: what a thread outside their flow (an unhandled exception's) redacts with.</summary>
    private static readonly List<RunContext> Active = [];

    private readonly List<string> _secrets = [];

    public RunContext(Interrupt interrupt) => Interrupt = interrupt;

    /// <summary>The context of the running sigv, or null outside <see cref="Sigv.Run"/> (tests calling a parser directly).</summary>
    public static RunContext? Current => Slot.Value;

    /// <summary><c>--debug</c> was given: an internal error prints its stack trace too.</summary>
    public bool Debug { get; set; }

    /// <summary>SIGINT and SIGTERM, as a cancellation the long-running commands honour.</summary>
    public Interrupt Interrupt { get; }

    /// <summary>Makes <paramref name="context"/> current until the returned scope is disposed.</summary>
    public static IDisposable Enter(RunContext context)
    {
        var previous = Slot.Value;
        Slot.Value = context;
        lock (Active)
        {
            Active.Add(context);
        }

        return new Scope(previous, context);
    }

    /// <summary>
    /// <paramref name="text"/> redacted by the current run, or, on a thread outside every run's flow
    /// (where an unhandled or unobserved exception is reported), by every run still active.
    /// </summary>
    public static string RedactAnywhere(string text)
    {
        if (Current is { } run)
        {
            return run.Redact(text);
        }

        lock (Active)
        {
            foreach (var active in Active)
            {
                text = active.Redact(text);
            }
        }

        return text;
    }

    /// <summary>Sets <see cref="Debug"/> on the current run, if there is one.</summary>
    public static void SetDebug()
    {
        if (Current is { } run)
        {
            run.Debug = true;
        }
    }

    /// <summary>
    /// <paramref name="text"/> with the secret key and session token of <paramref name="credentials"/>
    /// (raw or URL-encoded) and every other secret the current run knows replaced by <c>&lt;redacted&gt;</c>.
    /// </summary>
    public static string RedactSecrets(string text, AwsCredentials credentials)
    {
        // Outside a run (a direct call) a scratch list does it, with the same forms, longest first.
        using var scratch = Current is null ? new Interrupt() : null;
        var run = Current ?? new RunContext(scratch!);
        run.AddSecret(credentials.SecretAccessKey);
        run.AddSecret(credentials.SessionToken);
        return run.Redact(text);
    }

    /// <summary>Adds a secret (and its URL-encoded forms, as it appears in a query) to what <see cref="Redact"/> removes.</summary>
    public void AddSecret(string? secret)
    {
        if (secret is null || secret.Length < MinSecretLength)
        {
            return;
        }

        string encoded = Uri.EscapeDataString(secret);
        lock (_secrets)
        {
            foreach (string form in (ReadOnlySpan<string>)[secret, encoded, LowerHexEscapes(encoded)])
            {
                if (!_secrets.Contains(form))
                {
                    _secrets.Add(form);
                }
            }

            // The longest first, so a secret that contains another is removed whole.
            _secrets.Sort((a, b) => b.Length.CompareTo(a.Length));
        }
    }

    /// <summary><paramref name="text"/> with every known secret replaced by <paramref name="replacement"/> (default <c>&lt;redacted&gt;</c>).</summary>
    public string Redact(string text, string replacement = "<redacted>")
    {
        lock (_secrets)
        {
            foreach (string secret in _secrets)
            {
                text = text.Replace(secret, replacement, StringComparison.Ordinal);
            }
        }

        return text;
    }

    /// <summary><c>%2F</c> as <c>%2f</c>: some encoders write lower-case hex.</summary>
    private static string LowerHexEscapes(string encoded)
    {
        var chars = encoded.ToCharArray();
        for (int i = 0; i + 2 < chars.Length; i++)
        {
            if (chars[i] == '%')
            {
                chars[i + 1] = char.ToLowerInvariant(chars[i + 1]);
                chars[i + 2] = char.ToLowerInvariant(chars[i + 2]);
            }
        }

        return new string(chars);
    }

    private sealed class Scope(RunContext? previous, RunContext entered) : IDisposable
    {
        public void Dispose()
        {
            Slot.Value = previous;
            lock (Active)
            {
                Active.Remove(entered);
            }
        }
    }
}
