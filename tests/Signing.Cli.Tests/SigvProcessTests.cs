namespace Signing.Cli.Tests;

public class SigvProcessTests
{
    [Fact]
    public async Task BuiltCli_Help_ExitsZeroAndListsCommands()
    {
        var r = await SigvProcess.RunAsync("--help");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains("presign", r.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BuiltCli_UnknownCommand_ExitsTwoWithOneLineError()
    {
        var r = await SigvProcess.RunAsync("frobnicate");
        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.Single(r.Stderr.TrimEnd().Split('\n'));
        Assert.Contains("frobnicate", r.Stderr, StringComparison.Ordinal);
    }
}
