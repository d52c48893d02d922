using System.Diagnostics;
using System.Runtime.InteropServices;
using Signing.Cli;

namespace Signing.Tests.Cli;

/// <summary>
/// Issue 10, items 5 and 7 in process: a server that stalls mid-body ends <c>sigv curl</c> with
/// curl's --speed-limit/--speed-time (exit 28), and <c>sigv s3</c> within --cli-read-timeout; a
/// SIGTERM or SIGINT (here triggered directly) ends either with 143 or 130 and one line.
/// </summary>
public sealed class StalledTransferTests : IDisposable
{
    private const string User = "AKIAIOSFODNN7EXAMPLE:wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    private readonly string _dir = Directory.CreateTempSubdirectory("sigv-stall-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData(new[] { "--speed-time", "1" }, 1, 1)]
    [InlineData(new[] { "-y", "2" }, 1, 2)]
    [InlineData(new[] { "--speed-limit", "500" }, 500, 30)]
    [InlineData(new[] { "-Y500", "-y1" }, 500, 1)]
    [InlineData(new[] { "--speed-limit=0", "--speed-time=5" }, null, null)]
    public void CurlFlags_SpeedFlags_CurlDefaults(string[] flags, int? limit, int? seconds)
    {
        var f = CurlFlags.Parse([.. flags, "http://127.0.0.1:1/"]);
        Assert.Equal((long?)limit, f.SpeedLimit);
        Assert.Equal(seconds is null ? null : TimeSpan.FromSeconds(seconds.Value), f.SpeedTime);
    }

    [Fact]
    public async Task Curl_DownloadStallsMidBody_ExitsTwentyEightTooSlow()
    {
        await using var server = new ScriptedServer(_ => ServerAnswer.Stall(1024 * 1024, 1000));
        var clock = Stopwatch.StartNew();
        var r = await CliRunner.RunAsync(["curl", "--speed-time", "1", "--user", User, server.Url + "/b/k"]).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(r.Code == 28, r.ToString());
        Assert.Equal("sigv: (28) Operation too slow. Less than 1 bytes/sec transferred the last 1 seconds", Assert.Single(r.StderrLines));
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(15));
        Assert.Equal(1000, r.Raw.Length);
    }

    [Fact]
    public async Task Curl_UploadStallsServerNeverReads_ExitsTwentyEightTooSlow()
    {
        await using var server = new ScriptedServer(_ => new ServerAnswer(null, ReadBody: false));
        string file = Path.Combine(_dir, "big.bin");
        await using (var f = File.Create(file))
        {
            f.SetLength(128L * 1024 * 1024); // more than any socket buffer holds
        }

        var r = await CliRunner.RunAsync(["curl", "--speed-limit", "100000", "--speed-time", "2", "--unsigned-payload", "-T", file, "--user", User, server.Url + "/b/k"]).WaitAsync(TimeSpan.FromSeconds(60));
        Assert.True(r.Code == 28, r.ToString());
        Assert.Equal("sigv: (28) Operation too slow. Less than 100000 bytes/sec transferred the last 2 seconds", Assert.Single(r.StderrLines));
    }

    [Fact]
    public async Task Curl_FastEnough_SpeedCheckNeverTrips()
    {
        await using var server = new ScriptedServer(_ => ServerAnswer.Full("200 OK", new string('x', 100_000)));
        var r = await CliRunner.RunAsync(["curl", "--speed-limit", "1", "--speed-time", "1", "--user", User, server.Url + "/b/k"]);
        Assert.True(r.Code == 0, r.ToString());
        Assert.Equal(100_000, r.Raw.Length);
    }

    [Theory]
    [InlineData(PosixSignal.SIGTERM, 143)]
    [InlineData(PosixSignal.SIGINT, 130)]
    public async Task Curl_Interrupted_ExitsWithTheSignalsCode(PosixSignal signal, int code)
    {
        await using var server = new ScriptedServer(_ => ServerAnswer.Stall(1024 * 1024, 10));
        using var interrupt = new Interrupt();
        var run = CliRunner.RunAsync(["curl", "--user", User, server.Url + "/b/k"], interrupt: interrupt);
        await WaitForAsync(() => server.Requests.Count == 1);
        interrupt.Trigger(signal);
        var r = await run.WaitAsync(TimeSpan.FromSeconds(20));
        Assert.True(r.Code == code, r.ToString());
        Assert.Equal($"sigv: ({code}) interrupted by {signal}", Assert.Single(r.StderrLines));
    }

    [Theory]
    [InlineData(PosixSignal.SIGTERM, 143)]
    [InlineData(PosixSignal.SIGINT, 130)]
    public async Task S3Cp_DownloadInterrupted_PartialFileRemovedExitsWithTheSignalsCode(PosixSignal signal, int code)
    {
        const long size = 20L * 1024 * 1024;
        await using var server = new ScriptedServer(r => ServerAnswer.StalledObject(r, size, 64 * 1024));
        using var interrupt = new Interrupt();
        string target = Path.Combine(_dir, "out.bin");
        var run = CliRunner.RunAsync(["s3", "cp", "s3://b/k", target, "--endpoint-url", server.Url, "--user", User, "--multipart-threshold", "100MB"], interrupt: interrupt);
        await WaitForAsync(() => server.Requests.Any(q => q.Method == "GET") && File.Exists(target + ".s3download"));
        interrupt.Trigger(signal);
        var r = await run.WaitAsync(TimeSpan.FromSeconds(20));
        Assert.True(r.Code == code, r.ToString());
        Assert.Equal($"sigv: s3 cp: interrupted by {signal}.", Assert.Single(r.StderrLines));
        Assert.Empty(Directory.GetFiles(_dir));
    }

    [Fact]
    public async Task S3Cat_ReadTimeoutOnAStalledBody_FailsWithinIt()
    {
        await using var server = new ScriptedServer(_ => ServerAnswer.Stall(1024 * 1024, 1000));
        var clock = Stopwatch.StartNew();
        var run = CliRunner.RunAsync(["s3", "cat", "s3://b/k", "--cli-read-timeout", "1", "--endpoint-url", server.Url, "--user", User]);
        var r = await run.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(r.Code == 1, r.ToString());
        Assert.Single(r.StderrLines);
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(20));
    }

    [Theory]
    [InlineData("5", 5)]
    [InlineData("0", -1)]
    [InlineData("300", 300)]
    public void S3Setup_CliTimeouts_MapToClientOptions(string value, int seconds)
    {
        var args = S3Args.Parse(["ls", "--cli-read-timeout", value, "--cli-connect-timeout", value, "--user", User, "--endpoint-url", "http://127.0.0.1:1"]);
        args.Validate();
        var options = S3Setup.ClientOptions(args, [], _ => null);
        var expected = seconds < 0 ? Timeout.InfiniteTimeSpan : TimeSpan.FromSeconds(seconds);
        Assert.Equal(expected, options.IdleTimeout);
        Assert.Equal(expected, options.ConnectTimeout);
        Assert.Equal(seconds is < 0 or > 100 ? expected : TimeSpan.FromSeconds(100), options.Timeout);
    }

    [Theory]
    [InlineData("--cli-read-timeout", "-1")]
    [InlineData("--cli-read-timeout", "1.5")]
    [InlineData("--cli-connect-timeout", "99999999999")]
    [InlineData("--cli-connect-timeout", "")]
    public void S3_CliTimeoutMalformed_UsageError(string flag, string value) =>
        CliRunner.AssertUsageError(CliRunner.Run(["s3", "ls", flag, value, "--user", User, "--endpoint-url", "http://127.0.0.1:1"]), flag);

    private static async Task WaitForAsync(Func<bool> condition)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), "timed out waiting for the transfer to start");
            await Task.Delay(20);
        }
    }
}
