using System.Diagnostics;
using System.Security.Cryptography;
using Signing.S3;
using Signing.Tests.Cli;

namespace Signing.Cli.Tests;

/// <summary>
/// Issue 10, item 7: SIGTERM cleans up as Ctrl+C does. The built sigv, signalled mid-transfer,
/// aborts its multipart upload or removes its partial download and exits 143 (SIGTERM) or 130
/// (SIGINT) with one line on stderr.
/// </summary>
public sealed class SignalEndToEndTests : IDisposable
{
    private const int Sigint = 2;
    private const int Sigterm = 15;
    private const string User = "AKIAIOSFODNN7EXAMPLE:wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    private readonly string _dir = Directory.CreateTempSubdirectory("sigv-signal-e2e-").FullName;

    private static TestServer Server => TestServers.Get(TestServers.Rgw);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [IntegrationTheory(TestServers.Rgw)]
    [InlineData(Sigterm, 143, "SIGTERM")]
    [InlineData(Sigint, 130, "SIGINT")]
    public async Task SigvS3_CpStdinSignalledMidMultipart_UploadAbortedExitCodeOneLine(int signal, int code, string name)
    {
        using var s3 = Client();
        string bucket = $"sigv-signal-{Guid.NewGuid():N}"[..30];
        await s3.CreateBucketAsync(bucket);
        try
        {
            var env = Rgw.Environment();
            await using var sigv = SigvProcess.Start(["s3", "cp", "-", $"s3://{bucket}/piped.bin"], env);
            await sigv.WriteStdinAsync(RandomNumberGenerator.GetBytes(20 * 1024 * 1024));
            await sigv.FlushStdinAsync(); // standard input stays open: sigv waits for more

            var clock = Stopwatch.StartNew();
            while ((await s3.ListMultipartUploadsAsync(bucket)).Count == 0)
            {
                Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60) && !sigv.HasExited, "the multipart upload never started");
                await Task.Delay(100);
            }

            sigv.Signal(signal);
            var r = await sigv.WaitAsync(TimeSpan.FromSeconds(60));
            Assert.True(r.ExitCode == code, r.ToString());
            Assert.Equal($"sigv: s3 cp: interrupted by {name}.\n", r.Stderr);
            Assert.Empty(await s3.ListMultipartUploadsAsync(bucket));
            Assert.Empty((await s3.ListObjectsV2Async(bucket)).Objects);
        }
        finally
        {
            foreach (var upload in await s3.ListMultipartUploadsAsync(bucket))
            {
                await s3.AbortMultipartUploadAsync(bucket, upload.Key, upload.UploadId);
            }

            await s3.DeleteBucketAsync(bucket);
        }
    }

    [Theory]
    [InlineData(Sigterm, 143, "SIGTERM")]
    [InlineData(Sigint, 130, "SIGINT")]
    public async Task SigvS3_DownloadSignalledWhileTheServerStalls_PartialFileRemoved(int signal, int code, string name)
    {
        const long size = 30L * 1024 * 1024;
        await using var server = new ScriptedServer(r => ServerAnswer.StalledObject(r, size, 1024 * 1024));
        string target = Path.Combine(_dir, "big.bin");
        await using var sigv = SigvProcess.Start(["s3", "cp", "s3://b/big.bin", target, "--endpoint-url", server.Url, "--user", User]);
        sigv.CloseStdin();
        var clock = Stopwatch.StartNew();
        while (!File.Exists(target + ".s3download") || !server.Requests.Any(q => q.Method == "GET"))
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60) && !sigv.HasExited, "the download never started");
            await Task.Delay(50);
        }

        await Task.Delay(300); // let the first bytes land
        sigv.Signal(signal);
        var r = await sigv.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.True(r.ExitCode == code, r.ToString());
        Assert.Equal($"sigv: s3 cp: interrupted by {name}.\n", r.Stderr);
        Assert.Empty(Directory.GetFiles(_dir));
    }

    [Fact]
    public async Task SigvCurl_SignalledWhileTheServerStalls_ExitsOneFortyThree()
    {
        await using var server = new ScriptedServer(_ => ServerAnswer.Stall(1024 * 1024, 100));
        await using var sigv = SigvProcess.Start(["curl", "--user", User, server.Url + "/b/k"]);
        sigv.CloseStdin();
        var clock = Stopwatch.StartNew();
        while (server.Requests.IsEmpty)
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60) && !sigv.HasExited, "the request never arrived");
            await Task.Delay(50);
        }

        await Task.Delay(200);
        sigv.Signal(Sigterm);
        var r = await sigv.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(r.ExitCode == 143, r.ToString());
        Assert.Equal("sigv: (143) interrupted by SIGTERM\n", r.Stderr);
    }

    private static S3Client Client() => Rgw.Client();
}
