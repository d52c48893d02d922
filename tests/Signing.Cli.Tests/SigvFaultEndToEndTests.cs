using System.Diagnostics;
using Signing.S3;

namespace Signing.Cli.Tests;

/// <summary>
/// The built sigv against Ceph RGW with FaultProxy in between: the wire faults of issue 10 end
/// in a non-zero exit and one line, reach no other host, and leave no file or upload behind.
/// </summary>
public sealed class SigvFaultEndToEndTests : IAsyncLifetime, IDisposable
{
    private const int MiB = 1024 * 1024;
    private const string Token = "SESSIONzq9+Tok/en==xy7";
    private readonly string _dir = Directory.CreateTempSubdirectory("sigv-fault-").FullName;
    private readonly string _bucket = $"sigv-fault-{Guid.NewGuid():N}"[..30];
    private FaultProxy _proxy = null!;
    private S3Client _direct = null!;

    private static TestServer Server => TestServers.Get(TestServers.Rgw);

    public async Task InitializeAsync()
    {
        if (TestServers.SkipReason(TestServers.Rgw) is not null)
        {
            return;
        }

        _direct = Rgw.Client();
        await _direct.CreateBucketAsync(_bucket);
        _proxy = await FaultProxy.StartAsync(Server.Endpoint);
    }

    public void Dispose() => _direct?.Dispose();

    public async Task DisposeAsync()
    {
        Directory.Delete(_dir, recursive: true);
        if (_direct is null)
        {
            return;
        }

        await _proxy.DisposeAsync();
        foreach (var upload in await _direct.ListMultipartUploadsAsync(_bucket))
        {
            await _direct.AbortMultipartUploadAsync(_bucket, upload.Key, upload.UploadId);
        }

        await foreach (var o in _direct.ListAllObjectsAsync(_bucket))
        {
            await _direct.DeleteObjectAsync(_bucket, o.Key);
        }

        await _direct.DeleteBucketAsync(_bucket);
        _direct.Dispose();
        Assert.Empty(_proxy.Errors);
    }

    [IntegrationFact(TestServers.Rgw)]
    public async Task Redirect_EveryCommandFailsAndTheOtherHostGetsNothing()
    {
        await _direct.PutObjectAsync(_bucket, "kept", "kept"u8.ToArray());
        await using var sink = await FaultProxy.StartAsync(upstream: null);
        _proxy.AddRule(new FaultRule().Respond(FaultResponse.Redirect(307, new Uri(sink.Endpoint, "/x"))));
        string file = Local("f.txt", 5);
        string target = Path.Combine(_dir, "down.txt");

        var up = await Sigv("s3", "cp", file, $"s3://{_bucket}/new.txt");
        var cat = await Sigv("s3", "cat", $"s3://{_bucket}/kept");
        var down = await Sigv("s3", "cp", $"s3://{_bucket}/kept", target);
        var rm = await Sigv("s3", "rm", $"s3://{_bucket}/kept");

        foreach (var r in new[] { up, cat, down, rm })
        {
            Assert.True(r.ExitCode == 1, r.ToString());
            Assert.Contains($"redirects to {sink.Endpoint.Scheme}://{sink.Endpoint.Authority}", r.Stderr);
            Assert.Single(r.Stderr.TrimEnd('\n').Split('\n'));
            Assert.DoesNotContain("upload:", r.Stdout);
        }

        Assert.Empty(cat.StdoutBytes);
        Assert.False(File.Exists(target));
        Assert.Empty(sink.Requests);
        Assert.Equal(0, sink.ConnectionCount);
        Assert.Equal("kept"u8.ToArray(), await _direct.GetObjectBytesAsync(_bucket, "kept"));
        Assert.Equal("NoSuchKey", (await Assert.ThrowsAsync<S3Exception>(() => _direct.HeadObjectAsync(_bucket, "new.txt"))).Code);
    }

    [IntegrationFact(TestServers.Rgw)]
    public async Task CpDownload_ServerIgnoresRange_ExitOneAndNoFile()
    {
        await _direct.PutObjectAsync(_bucket, "big", new byte[30 * MiB]);
        _proxy.AddRule(new FaultRule().Method("GET").HasHeader("Range").IgnoreRange());
        string target = Path.Combine(_dir, "big.out");
        // hybrid: object GETs are SigV2, where Range is not signed, so RGW serves what the proxy stripped.
        var r = await Sigv("s3", "--signature", "hybrid", "cp", $"s3://{_bucket}/big", target);
        Assert.True(r.ExitCode == 1, r.ToString());
        Assert.Contains("it ignores Range", r.Stderr);
        Assert.Empty(Directory.GetFiles(_dir));
    }

    [IntegrationFact(TestServers.Rgw)]
    public async Task CpDownload_BodyStalls_CliReadTimeoutEndsItQuickly()
    {
        await _direct.PutObjectAsync(_bucket, "obj", new byte[3 * MiB]);
        _proxy.AddRule(new FaultRule().Method("GET").StallResponseBody(MiB, TimeSpan.FromSeconds(120)));
        string target = Path.Combine(_dir, "obj.out");
        var clock = Stopwatch.StartNew();
        var r = await Sigv("s3", "cp", $"s3://{_bucket}/obj", target, "--cli-read-timeout", "1");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"took {clock.Elapsed}");
        Assert.True(r.ExitCode == 1, r.ToString());
        Assert.Contains("timed out on each of 3 attempt(s)", r.Stderr);
        Assert.Equal(3, _proxy.Requests.Count(q => q.Method == "GET"));
        Assert.Empty(Directory.GetFiles(_dir));
    }

    [IntegrationFact(TestServers.Rgw)]
    public async Task CpDownload_RangeResetEveryTime_SentThreeTimesNotNine()
    {
        await _direct.PutObjectAsync(_bucket, "big", new byte[20 * MiB]);
        string range = $"bytes={8 * MiB}-{(16 * MiB) - 1}";
        _proxy.AddRule(new FaultRule().When(q => q.Header("Range") == range, range).ResetResponseAfter(MiB));
        var r = await Sigv("s3", "cp", $"s3://{_bucket}/big", Path.Combine(_dir, "big.out"));
        Assert.True(r.ExitCode == 1, r.ToString());
        Assert.Contains("failed after 3 attempt(s)", r.Stderr);
        Assert.Equal(3, _proxy.Requests.Count(q => q.Header("Range") == range));
        Assert.Empty(Directory.GetFiles(_dir));
    }

    [IntegrationFact(TestServers.Rgw)]
    public async Task CpUpload_PartAlwaysFails_NoUploadLeft()
    {
        _proxy.AddRule(new FaultRule().Method("PUT").QueryContains("partNumber=2").Respond(FaultResponse.InternalError()));
        var r = await Sigv("s3", "cp", Local("big.bin", 20 * MiB), $"s3://{_bucket}/big.bin");
        Assert.True(r.ExitCode == 1, r.ToString());
        Assert.Equal(3, _proxy.Requests.Count(q => q.Query.Contains("partNumber=2", StringComparison.Ordinal)));
        Assert.Empty(await _direct.ListMultipartUploadsAsync(_bucket));
    }

    [IntegrationTheory(TestServers.Rgw)]
    [InlineData("v4")]
    [InlineData("v2")]
    public async Task SignatureMismatch_ServerEchoesTheToken_NeverPrinted(string signature)
    {
        _proxy.AddRule(new FaultRule().EchoCanonicalRequest(withBytes: true));
        var env = Env();
        env["AWS_SESSION_TOKEN"] = Token;
        var s3 = await SigvProcess.RunAsync(["s3", "--signature", signature, "cat", $"s3://{_bucket}/k"], env);
        var curl = await SigvProcess.RunAsync(
            ["curl", .. (signature == "v2" ? new[] { "--sigv2" } : []), "-v", $"{_proxy.Endpoint}{_bucket}/k"],
            env);
        Assert.True(s3.ExitCode == 1, s3.ToString());
        Assert.True(curl.ExitCode == 0, curl.ToString()); // an HTTP error without -f, as curl
        foreach (var r in new[] { s3, curl })
        {
            foreach (string text in new[] { r.Stdout, r.Stderr })
            {
                Assert.DoesNotContain(Token, text, StringComparison.Ordinal);
                Assert.DoesNotContain(Uri.EscapeDataString(Token), text, StringComparison.OrdinalIgnoreCase);
                Assert.DoesNotContain(Server.SecretKey, text, StringComparison.Ordinal);
            }
        }

        Assert.Contains("SignatureDoesNotMatch", s3.Stderr);
        Assert.Equal(2, _proxy.Requests.Count);
        Assert.All(_proxy.Requests, q => Assert.Equal(Token, q.Header("x-amz-security-token"))); // sent, only in the signed request
    }

    [IntegrationFact(TestServers.Rgw)]
    public async Task CurlHeaderInjection_NothingReachesTheServer()
    {
        var r = await SigvProcess.RunAsync(["curl", "-H", "X-A: a\r\nX-Injected: b", $"{_proxy.Endpoint}{_bucket}/"], Env());
        Assert.Equal(2, r.ExitCode);
        Assert.Single(r.Stderr.TrimEnd('\n').Split('\n'));
        Assert.Empty(_proxy.Requests);
        Assert.Equal(0, _proxy.ConnectionCount);
    }

    private string Local(string name, int length)
    {
        string path = Path.Combine(_dir, name);
        File.WriteAllBytes(path, new byte[length]);
        return path;
    }

    private Dictionary<string, string> Env() => Rgw.Environment(_proxy.Endpoint);

    private Task<SigvResult> Sigv(params string[] args) => SigvProcess.RunAsync(args, Env());
}
