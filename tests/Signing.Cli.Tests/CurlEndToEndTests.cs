using System.Security.Cryptography;
using System.Text;
using Signing.S3;

namespace Signing.Cli.Tests;

/// <summary>
/// <c>sigv curl</c>, the built executable run as a process, against Ceph RGW: the provider guide's
/// curl command lines run unchanged with <c>sigv curl</c> in place of <c>curl</c>, then the extras.
/// Each test works in its own <c>curl-e2e-*</c> bucket and removes it.
/// </summary>
public sealed class CurlEndToEndTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sigv-curl-e2e-").FullName;

    private static TestServer Server => TestServers.Get(TestServers.Rgw);

    /// <summary>The guide's <c>$EP</c>.</summary>
    private static string Ep => Server.Endpoint.GetLeftPart(UriPartial.Authority);

    /// <summary>The guide's <c>--aws-sigv4 "aws:amz:us-east-1:s3" --user "$AK:$SK"</c>.</summary>
    private static string[] Auth => ["--aws-sigv4", "aws:amz:us-east-1:s3", "--user", $"{Server.AccessKey}:{Server.SecretKey}"];

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [IntegrationFact(TestServers.Rgw)]
    public async Task Curl_ProviderGuideCommandLines_RunUnchanged()
    {
        string bucket = NewBucket();
        byte[] data = RandomNumberGenerator.GetBytes(3 * 1024 * 1024 + 17);
        string file = Write("report.bin", data);
        string downloaded = Path.Combine(_dir, "downloaded.bin");
        try
        {
            Quiet(await Curl("-X", "PUT", $"{Ep}/{bucket}"));                                // create bucket
            Assert.Contains($"<Name>{bucket}</Name>", Quiet(await Curl($"{Ep}/")).Stdout);      // list buckets
            Quiet(await Curl("-T", file, $"{Ep}/{bucket}/logs/report.bin"));                   // upload
            string listing = Quiet(await Curl($"{Ep}/{bucket}?list-type=2&prefix=logs/")).Stdout; // list objects
            Assert.Contains("<Key>logs/report.bin</Key>", listing, StringComparison.Ordinal);
            Assert.Contains($"<Size>{data.Length}</Size>", listing, StringComparison.Ordinal);
            Quiet(await Curl("-o", downloaded, $"{Ep}/{bucket}/logs/report.bin"));             // download
            Assert.Equal(data, File.ReadAllBytes(downloaded));
            Quiet(await Curl("-X", "DELETE", $"{Ep}/{bucket}/logs/report.bin"));               // delete
            Assert.DoesNotContain("<Key>", Quiet(await Curl($"{Ep}/{bucket}?list-type=2&prefix=logs/")).Stdout, StringComparison.Ordinal);
            Quiet(await Curl("-X", "DELETE", $"{Ep}/{bucket}"));                               // delete bucket
            Assert.DoesNotContain($"<Name>{bucket}</Name>", Quiet(await Curl($"{Ep}/")).Stdout, StringComparison.Ordinal);
        }
        finally
        {
            await RemoveAsync(bucket);
        }
    }

    [IntegrationFact(TestServers.Rgw)]
    public Task Curl_DataFlags_StoreWhatCurlWouldSend() =>
        InBucketAsync(async bucket =>
        {
            string file = Write("lines.txt", "one\r\ntwo\nthree"u8);
            Quiet(await Curl("-X", "PUT", "--data-binary", "@" + file, $"{Ep}/{bucket}/binary"));
            Assert.Equal("one\r\ntwo\nthree"u8.ToArray(), Quiet(await Curl($"{Ep}/{bucket}/binary")).StdoutBytes);
            Quiet(await Curl("-X", "PUT", "-d", "@" + file, "-d", "four", $"{Ep}/{bucket}/form"));
            Assert.Equal("onetwothree&four", Quiet(await Curl($"{Ep}/{bucket}/form")).Stdout);

            // As curl: --data* bodies go as a form unless -H says otherwise.
            Assert.Contains("Content-Type: application/x-www-form-urlencoded\r\n", Quiet(await Curl("-I", $"{Ep}/{bucket}/binary")).Stdout, StringComparison.Ordinal);
            Quiet(await Curl("-X", "PUT", "-H", "Content-Type: text/plain", "--data-raw", "@not-a-file", $"{Ep}/{bucket}/raw"));
            var raw = Quiet(await Curl("-i", $"{Ep}/{bucket}/raw"));
            Assert.Contains("Content-Type: text/plain\r\n", raw.Stdout, StringComparison.Ordinal);
            Assert.EndsWith("\r\n\r\n@not-a-file", raw.Stdout, StringComparison.Ordinal);
        });

    [IntegrationFact(TestServers.Rgw)]
    public Task Curl_HeadAndInclude_PrintTheResponseHead() =>
        InBucketAsync(async bucket =>
        {
            Quiet(await Curl("-T", Write("k.txt", "hello"u8), $"{Ep}/{bucket}/k.txt"));
            var head = Quiet(await Curl("-I", $"{Ep}/{bucket}/k.txt"));
            Assert.StartsWith("HTTP/1.1 200 OK\r\n", head.Stdout, StringComparison.Ordinal);
            Assert.Contains("Content-Length: 5\r\n", head.Stdout, StringComparison.Ordinal);
            Assert.Contains("ETag: \"5d41402abc4b2a76b9719d911017c592\"\r\n", head.Stdout, StringComparison.Ordinal);
            Assert.EndsWith("\r\n\r\n", head.Stdout, StringComparison.Ordinal);

            var include = Quiet(await Curl("-i", $"{Ep}/{bucket}/k.txt"));
            Assert.StartsWith("HTTP/1.1 200 OK\r\n", include.Stdout, StringComparison.Ordinal);
            Assert.EndsWith("\r\n\r\nhello", include.Stdout, StringComparison.Ordinal);
        });

    [IntegrationFact(TestServers.Rgw)]
    public Task Curl_MissingKey_FailFlagsExitTwentyTwo() =>
        InBucketAsync(async bucket =>
        {
            var plain = await Curl($"{Ep}/{bucket}/missing");
            Assert.True(plain.ExitCode == 0, plain.ToString()); // as curl without -f
            Assert.Contains("<Code>NoSuchKey</Code>", plain.Stdout, StringComparison.Ordinal);

            var fail = await Curl("-f", $"{Ep}/{bucket}/missing");
            Assert.True(fail.ExitCode == 22, fail.ToString());
            Assert.Empty(fail.StdoutBytes);
            Assert.Contains("sigv: (22) The requested URL returned error: 404", fail.Stderr, StringComparison.Ordinal);

            var silent = await Curl("-sf", $"{Ep}/{bucket}/missing");
            Assert.True(silent.ExitCode == 22 && silent.Stderr.Length == 0, silent.ToString());

            var withBody = await Curl("--fail-with-body", $"{Ep}/{bucket}/missing");
            Assert.True(withBody.ExitCode == 22, withBody.ToString());
            Assert.Contains("<Code>NoSuchKey</Code>", withBody.Stdout, StringComparison.Ordinal);
        });

    [IntegrationFact(TestServers.Rgw)]
    public Task Curl_WrongSecret_PrintsTheMismatchExplanation() =>
        InBucketAsync(async bucket =>
        {
            const string wrong = "not-the-secret-0123456789";
            string[] badAuth = ["--aws-sigv4", "aws:amz:us-east-1:s3", "--user", $"{Server.AccessKey}:{wrong}"];
            var r = await SigvProcess.RunAsync(["curl", .. badAuth, $"{Ep}/{bucket}/k"]);
            Assert.True(r.ExitCode == 0, r.ToString());
            Assert.Contains("<Code>SignatureDoesNotMatch</Code>", r.Stdout, StringComparison.Ordinal);
            Assert.Contains($"sigv: S3 SignatureDoesNotMatch (403 Forbidden) on GET /{bucket}/k", r.Stderr, StringComparison.Ordinal);
            Assert.Contains("the server did not say what it signed: check the secret key", r.Stderr, StringComparison.Ordinal); // RGW returns no canonical request

            var verbose = await SigvProcess.RunAsync(["curl", "-v", "-f", .. badAuth, $"{Ep}/{bucket}/k"]);
            Assert.True(verbose.ExitCode == 22, verbose.ToString());
            Assert.Contains("--- canonical request\nGET\n/" + bucket + "/k\n", verbose.Stderr.ReplaceLineEndings("\n"), StringComparison.Ordinal);
            Assert.Contains("--- string to sign\nAWS4-HMAC-SHA256\n", verbose.Stderr.ReplaceLineEndings("\n"), StringComparison.Ordinal);

            var silent = await SigvProcess.RunAsync(["curl", "-s", .. badAuth, $"{Ep}/{bucket}/k"]);
            Assert.Equal(string.Empty, silent.Stderr);
            foreach (var run in new[] { r, verbose, silent })
            {
                Assert.DoesNotContain(wrong, run.Stdout + run.Stderr, StringComparison.Ordinal);
            }
        });

    [IntegrationFact(TestServers.Rgw)]
    public async Task Curl_SigV2_UploadsListsAndDownloads()
    {
        string bucket = NewBucket();
        string[] v2 = ["--sigv2", "--user", $"{Server.AccessKey}:{Server.SecretKey}"];
        byte[] data = RandomNumberGenerator.GetBytes(100_000);
        try
        {
            Quiet(await SigvProcess.RunAsync(["curl", .. v2, "-X", "PUT", $"{Ep}/{bucket}"]));
            Quiet(await SigvProcess.RunAsync(["curl", .. v2, "-T", Write("v2.bin", data), "-H", "Content-Type: application/x-test", "-H", "x-amz-meta-scheme: v2", $"{Ep}/{bucket}/v2.bin"]));
            Assert.Contains("<Key>v2.bin</Key>", Quiet(await SigvProcess.RunAsync(["curl", .. v2, $"{Ep}/{bucket}?prefix=v2"])).Stdout, StringComparison.Ordinal);
            var head = Quiet(await SigvProcess.RunAsync(["curl", .. v2, "-I", $"{Ep}/{bucket}/v2.bin"])).Stdout;
            Assert.Contains("Content-Type: application/x-test\r\n", head, StringComparison.Ordinal);
            Assert.Contains("x-amz-meta-scheme: v2\r\n", head, StringComparison.Ordinal);
            Assert.Equal(data, Quiet(await SigvProcess.RunAsync(["curl", .. v2, $"{Ep}/{bucket}/v2.bin"])).StdoutBytes);
        }
        finally
        {
            await RemoveAsync(bucket);
        }
    }

    [IntegrationFact(TestServers.Rgw)]
    public Task Curl_Chunked_UploadsEveryChunkSigned() =>
        InBucketAsync(async bucket =>
        {
            byte[] data = RandomNumberGenerator.GetBytes(200_000); // four 64 KiB chunks
            var put = Quiet(await Curl("--chunked", "-v", "-T", Write("c.bin", data), $"{Ep}/{bucket}/c.bin"));
            Assert.Contains("> x-amz-content-sha256: STREAMING-AWS4-HMAC-SHA256-PAYLOAD", put.Stderr, StringComparison.Ordinal);
            Assert.Contains("> x-amz-decoded-content-length: 200000", put.Stderr, StringComparison.Ordinal);
            Assert.Contains("< HTTP/1.1 200 OK", put.Stderr, StringComparison.Ordinal);
            Assert.Equal(data, Quiet(await Curl($"{Ep}/{bucket}/c.bin")).StdoutBytes);

            // RGW refuses an aws-chunked body without data: an empty file goes unchunked, and -v says so.
            var empty = Quiet(await Curl("--chunked", "-v", "-T", Write("empty.bin", []), $"{Ep}/{bucket}/empty.bin"));
            Assert.Contains("* --chunked: the body is empty", empty.Stderr, StringComparison.Ordinal);
            Assert.Contains("Content-Length: 0\r\n", Quiet(await Curl("-I", $"{Ep}/{bucket}/empty.bin")).Stdout, StringComparison.Ordinal);
        });

    [IntegrationFact(TestServers.Rgw)]
    public Task Curl_UnsignedPayload_Uploads() =>
        InBucketAsync(async bucket =>
        {
            byte[] data = RandomNumberGenerator.GetBytes(70_000);
            var put = Quiet(await Curl("--unsigned-payload", "-v", "-T", Write("u.bin", data), $"{Ep}/{bucket}/u.bin"));
            Assert.Contains("> x-amz-content-sha256: UNSIGNED-PAYLOAD", put.Stderr, StringComparison.Ordinal);
            Assert.Equal(data, Quiet(await Curl($"{Ep}/{bucket}/u.bin")).StdoutBytes);
        });

    [IntegrationFact(TestServers.Rgw)]
    public Task Curl_CredentialsFromTheEnvironment() =>
        InBucketAsync(async bucket =>
        {
            var env = new Dictionary<string, string>
            {
                ["AWS_ACCESS_KEY_ID"] = Server.AccessKey,
                ["AWS_SECRET_ACCESS_KEY"] = Server.SecretKey,
                ["AWS_REGION"] = "us-east-1",
            };
            var r = Quiet(await SigvProcess.RunAsync(["curl", "-v", $"{Ep}/{bucket}?list-type=2"], env));
            Assert.Contains($"<Name>{bucket}</Name>", r.Stdout, StringComparison.Ordinal);
            Assert.Contains("(credentials: environment", r.Stderr, StringComparison.Ordinal);
            Assert.Contains("/us-east-1/s3/aws4_request", r.Stderr, StringComparison.Ordinal);

            // No credentials anywhere: sent unsigned, as curl sends it (RGW answers 403); asked to sign: exit 3.
            var unsigned = await SigvProcess.RunAsync(["curl", "-v", "-f", $"{Ep}/{bucket}"]);
            Assert.True(unsigned.ExitCode == 22, unsigned.ToString());
            Assert.Contains("* no credentials found (", unsigned.Stderr, StringComparison.Ordinal);
            Assert.DoesNotContain("> Authorization:", unsigned.Stderr, StringComparison.Ordinal);
            var none = await SigvProcess.RunAsync(["curl", "--aws-sigv4", "aws:amz:us-east-1:s3", $"{Ep}/{bucket}"]);
            Assert.True(none.ExitCode == 3, none.ToString());
        });

    [IntegrationFact(TestServers.Rgw)]
    public async Task Curl_Verbose_NeverPrintsTheSecretOrTheSessionToken()
    {
        const string token = "IQoJb3JpZ2luX2VjEXAMPLESESSIONTOKENvalue0123456789";
        var viaFlag = await SigvProcess.RunAsync(["curl", "-v", "-i", .. Auth, "--session-token", token, $"{Ep}/"]);
        var viaEnv = await SigvProcess.RunAsync(
            ["curl", "-v", "--explain", $"{Ep}/"],
            new Dictionary<string, string> { ["AWS_ACCESS_KEY_ID"] = Server.AccessKey, ["AWS_SECRET_ACCESS_KEY"] = Server.SecretKey, ["AWS_SESSION_TOKEN"] = token });
        foreach (var r in new[] { viaFlag, viaEnv })
        {
            Assert.Contains("> GET / HTTP/1.1", r.Stderr, StringComparison.Ordinal);
            Assert.Contains("> X-Amz-Security-Token: <redacted>", r.Stderr, StringComparison.Ordinal);
            Assert.Contains("< HTTP/1.1 ", r.Stderr, StringComparison.Ordinal);
            Assert.DoesNotContain(token, r.Stdout + r.Stderr, StringComparison.Ordinal);
            Assert.DoesNotContain(Server.SecretKey, r.Stdout + r.Stderr, StringComparison.Ordinal);
        }
    }

    [IntegrationFact(TestServers.Rgw)]
    public Task Curl_StdinUploadGluedFlagsAndFileNameAppended() =>
        InBucketAsync(async bucket =>
        {
            byte[] piped = Encoding.UTF8.GetBytes("from a pipe\r\n");
            Quiet(await SigvProcess.RunAsync(["curl", .. Auth, "-T", "-", $"{Ep}/{bucket}/piped.txt"], stdin: piped));
            Assert.Equal(piped, Quiet(await Curl($"{Ep}/{bucket}/piped.txt")).StdoutBytes);

            // -XPUT, --header=..., --data-binary=@..., a -sS cluster, and -T into a "folder" URL.
            Quiet(await Curl("-sS", "-XPUT", "--header=x-amz-meta-color: blue", "--data-binary=@" + Write("glued.txt", "glued"u8), $"{Ep}/{bucket}/glued.txt"));
            Assert.Contains("x-amz-meta-color: blue\r\n", Quiet(await Curl("-sSI", $"{Ep}/{bucket}/glued.txt")).Stdout, StringComparison.Ordinal);
            Quiet(await Curl("--progress-bar", "-T", Write("named by curl.txt", "appended"u8), $"{Ep}/{bucket}/dir/"));
            Assert.Equal("appended", Quiet(await Curl($"{Ep}/{bucket}/dir/named%20by%20curl.txt")).Stdout);
        });

    // ---- helpers ----

    private static Task<SigvResult> Curl(params string[] guideArgs) => SigvProcess.RunAsync(["curl", .. Auth, .. guideArgs]);

    /// <summary>Asserts exit 0 and nothing on stderr unless -v asked for it.</summary>
    private static SigvResult Quiet(SigvResult r)
    {
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.True(r.Stderr.Length == 0 || r.Stderr.StartsWith("* ", StringComparison.Ordinal), r.ToString());
        return r;
    }

    private static string NewBucket() => $"curl-e2e-{Guid.NewGuid():N}"[..25];

    /// <summary>Runs <paramref name="test"/> in a new bucket (created with sigv curl), then removes the bucket.</summary>
    private static async Task InBucketAsync(Func<string, Task> test)
    {
        string bucket = NewBucket();
        try
        {
            Quiet(await Curl("-X", "PUT", $"{Ep}/{bucket}"));
            await test(bucket);
        }
        finally
        {
            await RemoveAsync(bucket);
        }
    }

    private string Write(string name, ReadOnlySpan<byte> data)
    {
        string path = Path.Combine(_dir, name);
        File.WriteAllBytes(path, data.ToArray());
        return path;
    }

    /// <summary>Removes the bucket and whatever is left in it, with the S3 client (not with the code under test).</summary>
    private static async Task RemoveAsync(string bucket)
    {
        using var s3 = Rgw.Client();
        if (!await s3.BucketExistsAsync(bucket))
        {
            return;
        }

        var keys = new List<string>();
        await foreach (var o in s3.ListAllObjectsAsync(bucket))
        {
            keys.Add(o.Key);
        }

        if (keys.Count > 0)
        {
            await s3.DeleteObjectsAsync(bucket, keys);
        }

        await s3.DeleteBucketAsync(bucket);
    }
}
