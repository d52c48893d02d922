using FsCheck.Fluent;
using Signing.Tests.Cli;
using Signing.Tests.Properties;

namespace Signing.Cli.Tests;

/// <summary>
/// Issue 10, item 9, through the built sigv: a smaller sample of the generated command lines of
/// <see cref="SigvArgsGenerator"/> run as processes (so a crash would be a real .NET stack dump and
/// exit 134; arguments cut to 40,000 characters, as Linux limits one argument to 128 KiB), each held to the same contract as in process: documented exit code, at most two
/// stderr lines, no stack trace, no connection to the loopback sink on a usage error.
/// </summary>
public sealed class SigvCommandLineProcessPropertyTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sigv-property-e2e-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Sigv_GeneratedCommandLinesAsProcesses_SameContract()
    {
        await using var sink = new ScriptedServer();
        var generator = new SigvArgsGenerator(sink.Url, _dir);
        generator.Prepare();
        PropertyRunner.Check(nameof(Sigv_GeneratedCommandLinesAsProcesses_SameContract), 0x5167_0a19, 25,
            Arb.From(generator.Any().Select(c => c.ForProcess()), SigvCase.Shrink), c =>
            {
                int connections = sink.Connections;
                var r = SigvProcess.RunAsync(c.Args, workingDirectory: _dir, timeout: TimeSpan.FromSeconds(60)).GetAwaiter().GetResult();
                int code = r.ExitCode;
                Assert.True(ExitCodes.All.Contains(code), $"undocumented exit code {code}: {c}\n{r}");
                Assert.False(SigvArgsGenerator.HasStackTrace(r.Stderr), $"stack trace: {c}\n{r}");
                int lines = r.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length;
                Assert.True(lines <= 2, $"{lines} stderr lines: {c}\n{r}");
                Assert.True(code != ExitCodes.Usage || sink.Connections == connections, $"usage error after a connection: {c}\n{r}");
            });
    }
}
