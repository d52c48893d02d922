using Signing.Cli;

namespace Signing.Tests.Cli;

/// <summary>
/// Issue 10, item 3: nothing unexpected ends sigv with a .NET stack dump. <c>Sigv.Run</c> turns it
/// into one line, <c>sigv: internal error: ... (please report this)</c>, exit 1; the stack trace
/// follows only with <c>--debug</c>. Library messages lose .NET's <c>(Parameter 'x')</c> tails.
/// </summary>
public sealed class CliGuardTests
{
    private const string User = "AKIAIOSFODNN7EXAMPLE:wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

    [Fact]
    public void RunContext_RedactSecrets_OutsideARun_RemovesSecretAndTokenRawAndEncoded()
    {
        var credentials = new AwsCredentials("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "IQoJb3JpZ2luX2VjE+token/value=");
        string text = $"{credentials.SecretAccessKey} {credentials.SessionToken} {Uri.EscapeDataString(credentials.SessionToken!)} {System.Text.RegularExpressions.Regex.Replace(Uri.EscapeDataString(credentials.SessionToken!), "%[0-9A-F]{2}", m => m.Value.ToLowerInvariant())}";
        Assert.Null(RunContext.Current);
        Assert.Equal("<redacted> <redacted> <redacted> <redacted>", RunContext.RedactSecrets(text, credentials));
    }

    [Fact]
    public void Sigv_ReportInternalError_OnAThreadOutsideTheRun_StillRedactsTheRunsSecrets()
    {
        // An unhandled exception is reported on the thread it happened on, outside the run's
        // async flow (RunContext.Current is null there): the run's secrets must still be removed.
        const string Secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY-thread";
        var run = new RunContext(new Interrupt());
        run.AddSecret(Secret);
        var stderr = new StringWriter();
        using (RunContext.Enter(run))
        using (ExecutionContext.SuppressFlow())
        {
            var thread = new Thread(() => Sigv.ReportInternalError(new InvalidOperationException($"server echoed {Secret}"), stderr, debug: true));
            thread.Start();
            thread.Join();
        }

        Assert.Contains("sigv: internal error: InvalidOperationException: server echoed <redacted>", stderr.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, stderr.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sigv_UnexpectedException_OneLineInternalErrorExitOne()
    {
        await using var server = new ScriptedServer(_ => ServerAnswer.Full("200 OK", "body"));
        var r = await CliRunner.RunAsync(["curl", server.Url + "/b/k", "--user", User], rawStdout: new ThrowingStream());
        Assert.True(r.Code == 1, r.ToString());
        var line = Assert.Single(r.StderrLines);
        Assert.Equal("sigv: internal error: InvalidOperationException: the stream broke in an unexpected way (please report this; --debug shows where)", line);
    }

    [Theory]
    [InlineData("--debug", "curl")]
    [InlineData("curl", "--debug")]
    public async Task Sigv_UnexpectedExceptionWithDebug_StackTraceFollows(string first, string second)
    {
        await using var server = new ScriptedServer(_ => ServerAnswer.Full("200 OK", "body"));
        var r = await CliRunner.RunAsync([first, second, server.Url + "/b/k", "--user", User], rawStdout: new ThrowingStream());
        Assert.True(r.Code == 1, r.ToString());
        Assert.Equal("sigv: internal error: InvalidOperationException: the stream broke in an unexpected way (please report this)", r.StderrLines[0]);
        Assert.Contains(r.StderrLines, l => l.TrimStart().StartsWith("at Signing.Tests.Cli.CliGuardTests.ThrowingStream", StringComparison.Ordinal));
    }

    [Fact]
    public void Sigv_DebugFlag_DocumentedInHelp()
    {
        var r = CliRunner.Run(["--help"]);
        Assert.Contains("--debug", r.Stdout, StringComparison.Ordinal);
        Assert.Contains("143", r.Stdout, StringComparison.Ordinal);
        Assert.Contains("--debug", CliRunner.Run(["curl", "--help"]).Stdout, StringComparison.Ordinal);
        Assert.Contains("--debug", CliRunner.Run(["s3", "--help"]).Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Sigv_DebugAsS3Flag_Accepted() =>
        Assert.Equal(0, CliRunner.Run(["s3", "presign", "s3://b/k", "--debug", "--endpoint-url", "http://127.0.0.1:1", "--user", User]).Code);

    [Fact]
    public void CliText_Message_DropsDotNetParameterAndActualValueTails()
    {
        Assert.Equal("PartSize 1 is out of range: pass more.", CliText.Message(new ArgumentOutOfRangeException("options", 1L, "PartSize 1 is out of range: pass more.")));
        Assert.Equal("key is empty: pass one.", CliText.Message(new ArgumentException("key is empty: pass one.", "key")));
        Assert.Equal("Value cannot be null.", CliText.Message(new ArgumentNullException("bucket")));
        Assert.Equal("two lines", CliText.Message(new InvalidOperationException("two\nlines")));
    }

    [Fact]
    public async Task Sigv_InternalError_RedactsTheRunsSecrets()
    {
        await using var server = new ScriptedServer(_ => ServerAnswer.Full("200 OK", "body"));
        var broken = new ThrowingStream("boom near wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY and TOKENxy7TOKENxy7");
        var r = await CliRunner.RunAsync(["curl", server.Url + "/b/k", "--user", User, "--session-token", "TOKENxy7TOKENxy7"], rawStdout: broken);
        Assert.Equal("sigv: internal error: InvalidOperationException: boom near <redacted> and <redacted> (please report this; --debug shows where)", Assert.Single(r.StderrLines));
    }

    [Fact]
    public void Sigv_Run_NoStackTraceForAnyCommandWithoutArguments()
    {
        foreach (string command in new[] { "curl", "sign", "presign", "s3", "bench --bogus" })
        {
            var r = CliRunner.Run(command.Split(' '));
            Assert.DoesNotContain(r.StderrLines, l => l.TrimStart().StartsWith("at ", StringComparison.Ordinal));
            Assert.InRange(r.StderrLines.Length, 0, 1);
        }
    }

    /// <summary>Standard output that fails as no stream should: not an IOException, so nothing but the guard catches it.</summary>
    private sealed class ThrowingStream(string message = "the stream broke in an unexpected way") : MemoryStream
    {
        public override void Write(ReadOnlySpan<byte> buffer) => throw new InvalidOperationException(message);

        public override void Write(byte[] buffer, int offset, int count) => throw new InvalidOperationException(message);

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) =>
            throw new InvalidOperationException(message);

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            throw new InvalidOperationException(message);
    }
}
