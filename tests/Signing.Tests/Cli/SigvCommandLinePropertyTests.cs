using FsCheck.Fluent;
using Signing.Cli;
using Signing.Tests.Properties;

namespace Signing.Tests.Cli;

/// <summary>
/// Issue 10, item 9, in process: for generated command lines of every subcommand (valid flags with
/// junk values; see <see cref="SigvArgsGenerator"/>), sigv returns a documented exit code, prints at
/// most two lines on stderr and no stack trace, and a usage error (exit 2) never opens a connection.
/// Every request can only reach the test's loopback sink, which answers 403 AccessDenied.
/// bench runs only with --seconds of at most 0.01 (or invalid ones): its full run takes seconds.
/// </summary>
public sealed class SigvCommandLinePropertyTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sigv-property-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Sigv_GeneratedCommandLines_DocumentedExitOneOrTwoLinesNoStackTraceNoRequestOnUsageError()
    {
        await using var sink = new ScriptedServer();
        var generator = new SigvArgsGenerator(sink.Url, _dir);
        generator.Prepare();
        string[] before = Directory.GetFileSystemEntries(Environment.CurrentDirectory);
        PropertyRunner.Check(nameof(Sigv_GeneratedCommandLines_DocumentedExitOneOrTwoLinesNoStackTraceNoRequestOnUsageError), 0x5167_0a09, 300,
            Arb.From(generator.Any(), SigvCase.Shrink), c =>
            {
                int connections = sink.Connections;
                var run = Task.Run(() => CliRunner.Run(c.Args, stdin: "stdin bytes"u8.ToArray()));
                Assert.True(run.Wait(TimeSpan.FromSeconds(60)), "sigv did not finish within 60 s");
                AssertContract(run.Result, sink.Connections - connections);
            });
        Assert.Equal(before, Directory.GetFileSystemEntries(Environment.CurrentDirectory));
    }

    /// <summary>The contract every run keeps (shared with the process sample).</summary>
    internal static void AssertContract(CliResult r, int newConnections) =>
        AssertContract(r.Code, r.Stderr, newConnections, r.ToString);

    internal static void AssertContract(int code, string stderr, int newConnections, Func<string> describe)
    {
        Assert.True(ExitCodes.All.Contains(code), $"undocumented exit code {code}: {describe()}");
        Assert.False(SigvArgsGenerator.HasStackTrace(stderr), $"stack trace: {describe()}");
        int lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length;
        Assert.True(lines <= 2, $"{lines} stderr lines: {describe()}");
        Assert.True(code != ExitCodes.Usage || newConnections == 0, $"usage error after {newConnections} connection(s): {describe()}");
    }
}
