using System.Text;
using Signing.Cli;

namespace Signing.Tests.Cli;

// Linked into tests/Signing.Cli.Tests too.

/// <summary>What one in-process run of sigv printed and returned.</summary>
internal sealed record CliResult(int Code, string Text, byte[] Raw, string Stderr)
{
    /// <summary>Standard output: the text writer's lines and the raw bytes (curl bodies, s3 cat) as UTF-8.</summary>
    public string Stdout => Text + Encoding.UTF8.GetString(Raw);

    /// <summary>Every output together, for searching.</summary>
    public string All => Stdout + "\n" + Stderr;

    public string[] StderrLines => Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    public override string ToString() => $"exit {Code}\n--- stdout ---\n{Stdout}\n--- stderr ---\n{Stderr}";
}

/// <summary>Runs <see cref="Sigv.Run"/> in process with captured outputs and a given standard input (never the test host's).</summary>
internal static class CliRunner
{
    public static CliResult Run(IEnumerable<string> args, byte[]? stdin = null, Interrupt? interrupt = null, Stream? rawStdout = null)
    {
        var text = new StringWriter();
        var stderr = new StringWriter();
        var raw = rawStdout ?? new MemoryStream();
        int code = Sigv.Run([.. args], text, stderr, raw, new MemoryStream(stdin ?? []), interrupt);
        return new CliResult(code, text.ToString(), raw is MemoryStream ms ? ms.ToArray() : [], stderr.ToString());
    }

    /// <summary>Off the test's thread: sigv blocks on its own async work, as a console program does.</summary>
    public static Task<CliResult> RunAsync(IEnumerable<string> args, byte[]? stdin = null, Interrupt? interrupt = null, Stream? rawStdout = null) =>
        Task.Run(() => Run(args, stdin, interrupt, rawStdout));

    /// <summary>One line, exit 2, naming <paramref name="expected"/>; no raw control character in it.</summary>
    public static void AssertUsageError(CliResult r, string expected)
    {
        Assert.True(r.Code == 2, r.ToString());
        Assert.Single(r.StderrLines);
        Assert.StartsWith("sigv: ", r.Stderr, StringComparison.Ordinal);
        Assert.Contains(expected, r.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(r.Stderr.TrimEnd('\n'), c => c < ' ' && c != '\t');
    }
}
