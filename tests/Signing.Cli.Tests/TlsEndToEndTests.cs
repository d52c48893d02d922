using System.Diagnostics;
using System.Security.Cryptography;

namespace Signing.Cli.Tests;

/// <summary>
/// <c>sigv curl</c> and <c>sigv s3</c>, the built executable run as a process, against RGW over
/// HTTPS with the test's private CA: the provider guide's lines with <c>--cacert</c>, virtual-host
/// buckets with SNI = BUCKET.DOMAIN through <c>--connect-to</c>/<c>--resolve</c> (nothing resolves
/// DOMAIN), the CA from the flag, the environment and the profile, and each refusal as curl's exit
/// code or one line.
/// </summary>
public sealed class TlsEndToEndTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sigv-tls-e2e-").FullName;
    private readonly List<string> _buckets = [];

    private static TlsTestServer Server => TlsTestServer.Get();

    /// <summary>The guide's <c>$EP</c>, over HTTPS.</summary>
    private static string Ep => Server.Endpoint.GetLeftPart(UriPartial.Authority);

    private static int Port => Server.Endpoint.Port;

    private static string[] Auth => ["--aws-sigv4", "aws:amz:us-east-1:s3", "--user", $"{Server.AccessKey}:{Server.SecretKey}"];

    private static Dictionary<string, string> Keys => new()
    {
        ["AWS_ACCESS_KEY_ID"] = Server.AccessKey,
        ["AWS_SECRET_ACCESS_KEY"] = Server.SecretKey,
    };

    public void Dispose()
    {
        foreach (string bucket in _buckets)
        {
            SigvProcess.RunAsync(["s3", "--endpoint-url", Ep, "--ca-bundle", Server.CaFile, "rb", "--force", "--quiet", $"s3://{bucket}"], Keys).GetAwaiter().GetResult();
        }

        Directory.Delete(_dir, recursive: true);
    }

    [TlsFact]
    public async Task SigvCurl_ProviderGuideLinesOverHttps_RunWithCacert()
    {
        string bucket = NewBucket();
        byte[] data = RandomNumberGenerator.GetBytes((2 * 1024 * 1024) + 5);
        string file = Write("report.bin", data);
        string downloaded = Path.Combine(_dir, "downloaded.bin");
        Ok(await Curl("-X", "PUT", $"{Ep}/{bucket}"));
        Assert.Contains($"<Name>{bucket}</Name>", Ok(await Curl($"{Ep}/")).Stdout, StringComparison.Ordinal);
        Ok(await Curl("-T", file, $"{Ep}/{bucket}/logs/report.bin"));
        Assert.Contains($"<Size>{data.Length}</Size>", Ok(await Curl($"{Ep}/{bucket}?list-type=2&prefix=logs/")).Stdout, StringComparison.Ordinal);
        Ok(await Curl("-o", downloaded, $"{Ep}/{bucket}/logs/report.bin"));
        Assert.Equal(data, File.ReadAllBytes(downloaded));
        Ok(await Curl("--unsigned-payload", "-T", file, $"{Ep}/{bucket}/unsigned.bin"));
        Ok(await Curl("--chunked", "-T", file, $"{Ep}/{bucket}/chunked.bin"));
        Assert.Equal(data, Ok(await Curl($"{Ep}/{bucket}/chunked.bin")).StdoutBytes);
        foreach (string key in new[] { "logs/report.bin", "unsigned.bin", "chunked.bin" })
        {
            Ok(await Curl("-X", "DELETE", $"{Ep}/{bucket}/{key}"));
        }

        Ok(await Curl("-X", "DELETE", $"{Ep}/{bucket}"));
        _buckets.Remove(bucket);
    }

    [TlsFact]
    public async Task SigvCurl_VirtualHostOverHttps_ConnectToAndResolveKeepTheName()
    {
        string bucket = NewBucket();
        Ok(await Curl("-X", "PUT", $"{Ep}/{bucket}"));
        string vhost = $"https://{bucket}.{Server.VhostDomain}:{Port}";
        Ok(await Curl("--connect-to", "::127.0.0.1:", "-T", Write("v.txt", "virtual"u8), $"{vhost}/v.txt"));
        Assert.Equal("virtual", Ok(await Curl("--resolve", $"{bucket}.{Server.VhostDomain}:{Port}:127.0.0.1", $"{vhost}/v.txt")).Stdout);
        Assert.Equal("virtual", Ok(await Curl("--sigv2", "--bucket", bucket, "--connect-to", $"{bucket}.{Server.VhostDomain}:{Port}:127.0.0.1:{Port}", $"{vhost}/v.txt")).Stdout);
        Assert.Equal("virtual", Ok(await Curl($"{Ep}/{bucket}/v.txt")).Stdout); // the same object, path-style
    }

    [TlsFact]
    public async Task SigvCurl_RefusedCertificates_CurlsExitCodes()
    {
        string url = $"{Ep}/";
        var system = await SigvProcess.RunAsync(["curl", .. Auth, url]);
        Assert.True(system.ExitCode == 60, system.ToString());
        Assert.Contains("not trusted", system.Stderr, StringComparison.Ordinal);
        Assert.Contains("--cacert", system.Stderr, StringComparison.Ordinal);
        Assert.Single(system.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));

        var other = await SigvProcess.RunAsync(["curl", .. Auth, "--cacert", TlsTestServer.WriteOtherCa(_dir), url]);
        Assert.True(other.ExitCode == 60, other.ToString());

        var mismatch = await Curl("--connect-to", "::127.0.0.1:", $"https://other.invalid:{Port}/");
        Assert.True(mismatch.ExitCode == 60, mismatch.ToString());
        Assert.Contains("not for this host name", mismatch.Stderr, StringComparison.Ordinal);

        var plainPort = await Curl($"https://127.0.0.1:{TestServers.Get(TestServers.Rgw).Endpoint.Port}/");
        Assert.True(plainPort.ExitCode == 35, plainPort.ToString());

        var missing = await SigvProcess.RunAsync(["curl", .. Auth, "--cacert", Path.Combine(_dir, "none.pem"), url]);
        Assert.True(missing.ExitCode == 77, missing.ToString());
        Assert.Contains("--cacert", missing.Stderr, StringComparison.Ordinal);

        Ok(await SigvProcess.RunAsync(["curl", .. Auth, "-k", url]));
        Ok(await SigvProcess.RunAsync(["curl", .. Auth, "--capath", Path.GetDirectoryName(Server.CaFile)!, url]));
    }

    [TlsFact]
    public async Task SigvCurl_CurlCaBundle_TrustsItsFileUnlessCacertGiven()
    {
        // curl reads CURL_CA_BUNDLE when no --cacert/--capath is given; sigv curl ignored it (exit 60).
        string url = $"{Ep}/";
        var fromEnv = await SigvProcess.RunAsync(["curl", .. Auth, url], new Dictionary<string, string> { ["CURL_CA_BUNDLE"] = Server.CaFile });
        Assert.True(fromEnv.ExitCode == 0, fromEnv.ToString());

        var missing = await SigvProcess.RunAsync(["curl", .. Auth, url], new Dictionary<string, string> { ["CURL_CA_BUNDLE"] = Path.Combine(_dir, "none.pem") });
        Assert.True(missing.ExitCode == 77, missing.ToString());
        Assert.Contains("CURL_CA_BUNDLE", missing.Stderr, StringComparison.Ordinal);

        var flagWins = await SigvProcess.RunAsync(["curl", .. Auth, "--cacert", TlsTestServer.WriteOtherCa(_dir), url], new Dictionary<string, string> { ["CURL_CA_BUNDLE"] = Server.CaFile });
        Assert.True(flagWins.ExitCode == 60, flagWins.ToString());
    }

    [TlsFact]
    public async Task SigvS3_OverHttps_CpLsRmPresignWithCaFromFlagEnvironmentAndProfile()
    {
        // The CA three ways: --ca-bundle, AWS_CA_BUNDLE, and ca_bundle of a profile whose services section names the endpoint.
        string config = Write("config", System.Text.Encoding.UTF8.GetBytes(
            $"[profile tls]\nservices = rgw-tls\nca_bundle = {Server.CaFile}\n\n[services rgw-tls]\ns3 =\n  endpoint_url = {Ep}\n"));
        var flag = new Dictionary<string, string>(Keys) { ["AWS_ENDPOINT_URL_S3"] = Ep };
        var environment = new Dictionary<string, string>(flag) { ["AWS_CA_BUNDLE"] = Server.CaFile };
        var profile = new Dictionary<string, string>(Keys) { ["AWS_CONFIG_FILE"] = config, ["AWS_PROFILE"] = "tls" };
        string bucket = NewBucket();
        Ok(await SigvProcess.RunAsync(["s3", "--ca-bundle", Server.CaFile, "mb", $"s3://{bucket}"], flag));
        byte[] data = RandomNumberGenerator.GetBytes(9 * 1024 * 1024); // multipart: 8 MiB parts, UNSIGNED-PAYLOAD over HTTPS
        string source = Write("big.bin", data);
        Ok(await SigvProcess.RunAsync(["s3", "cp", source, $"s3://{bucket}/big.bin"], environment));
        Assert.Contains("big.bin", Ok(await SigvProcess.RunAsync(["s3", "ls", $"s3://{bucket}/"], profile)).Stdout, StringComparison.Ordinal);
        string back = Path.Combine(_dir, "back.bin");
        Ok(await SigvProcess.RunAsync(["s3", "cp", $"s3://{bucket}/big.bin", back], profile));
        Assert.Equal(data, File.ReadAllBytes(back));

        // Presigned URLs fetched by plain curl with the CA.
        string get = Ok(await SigvProcess.RunAsync(["s3", "presign", $"s3://{bucket}/big.bin", "--expires-in", "300"], profile)).Stdout.Trim();
        Assert.StartsWith($"{Ep}/{bucket}/big.bin?", get, StringComparison.Ordinal);
        string fetched = Path.Combine(_dir, "fetched.bin");
        await PlainCurlAsync("--cacert", Server.CaFile, "-sSf", "-o", fetched, get);
        Assert.Equal(data, File.ReadAllBytes(fetched));
        string put = Ok(await SigvProcess.RunAsync(["s3", "presign", $"s3://{bucket}/put.txt", "--method", "PUT"], profile)).Stdout.Trim();
        await PlainCurlAsync("--cacert", Server.CaFile, "-sSf", "-T", Write("put.txt", "put by curl"u8), put);
        Assert.Equal("put by curl", Ok(await SigvProcess.RunAsync(["s3", "cat", $"s3://{bucket}/put.txt"], profile)).Stdout);

        Ok(await SigvProcess.RunAsync(["s3", "rm", $"s3://{bucket}/put.txt"], environment));
        Assert.DoesNotContain("put.txt", Ok(await SigvProcess.RunAsync(["s3", "ls", $"s3://{bucket}/"], environment)).Stdout, StringComparison.Ordinal);
    }

    [TlsFact]
    public async Task SigvS3_VirtualHostOverHttps_ConnectToKeepsSni()
    {
        string bucket = NewBucket();
        var env = new Dictionary<string, string>(Keys) { ["AWS_CA_BUNDLE"] = Server.CaFile, ["AWS_ENDPOINT_URL_S3"] = Server.NamedEndpoint.ToString() };
        string[] vhost = ["--virtual-host", "--connect-to", "::127.0.0.1:"];
        Ok(await SigvProcess.RunAsync(["s3", .. vhost, "mb", $"s3://{bucket}"], env));
        Ok(await SigvProcess.RunAsync(["s3", .. vhost, "cp", Write("v.txt", "vhost"u8), $"s3://{bucket}/v.txt"], env));
        Assert.Equal("vhost", Ok(await SigvProcess.RunAsync(["s3", .. vhost, "cat", $"s3://{bucket}/v.txt"], env)).Stdout);
        Assert.Contains($"https://{bucket}.{Server.VhostDomain}:{Port}/v.txt?", Ok(await SigvProcess.RunAsync(["s3", .. vhost, "presign", $"s3://{bucket}/v.txt"], env)).Stdout, StringComparison.Ordinal);

        // Without a way to reach the name: resolving fails, said in one line.
        var unresolved = await SigvProcess.RunAsync(["s3", "--virtual-host", "ls", $"s3://{bucket}/"], env);
        Assert.Equal(1, unresolved.ExitCode);
        Ok(await SigvProcess.RunAsync(["s3", .. vhost, "rm", $"s3://{bucket}/v.txt"], env));
    }

    [TlsFact]
    public async Task SigvS3_RefusedCertificate_OneLineWithTheFix()
    {
        var env = new Dictionary<string, string>(Keys) { ["AWS_ENDPOINT_URL_S3"] = Ep };
        var untrusted = await SigvProcess.RunAsync(["s3", "ls"], env);
        Assert.True(untrusted.ExitCode == 1, untrusted.ToString());
        string line = Assert.Single(untrusted.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains($"{Server.Endpoint.Host}:{Port} is not trusted", line, StringComparison.Ordinal);
        Assert.Contains("--ca-bundle", line, StringComparison.Ordinal);

        var mismatch = await SigvProcess.RunAsync(["s3", "--ca-bundle", Server.CaFile, "--endpoint-url", $"https://other.invalid:{Port}", "--resolve", $"other.invalid:{Port}:127.0.0.1", "ls"], Keys);
        Assert.True(mismatch.ExitCode == 1, mismatch.ToString());
        Assert.Contains("is not for the name other.invalid", mismatch.Stderr, StringComparison.Ordinal);

        var dotted = await SigvProcess.RunAsync(["s3", "--ca-bundle", Server.CaFile, "--endpoint-url", Server.NamedEndpoint.ToString(), "--virtual-host", "--connect-to", "::127.0.0.1:", "ls", "s3://my.dotted.bucket/"], Keys);
        Assert.True(dotted.ExitCode == 1, dotted.ToString());
        Assert.Contains("--path-style", dotted.Stderr, StringComparison.Ordinal);

        var badBundle = await SigvProcess.RunAsync(["s3", "ls"], new Dictionary<string, string>(env) { ["AWS_CA_BUNDLE"] = Write("junk.pem", "junk"u8) });
        Assert.True(badBundle.ExitCode == 2, badBundle.ToString());
        Assert.Contains("AWS_CA_BUNDLE", badBundle.Stderr, StringComparison.Ordinal);

        var insecure = Ok(await SigvProcess.RunAsync(["s3", "--no-verify-ssl", "ls"], env), stderrAllowed: true);
        Assert.Contains("--no-verify-ssl", insecure.Stderr, StringComparison.Ordinal);
    }

    // ---- helpers ----

    private static Task<SigvResult> Curl(params string[] args) => SigvProcess.RunAsync(["curl", .. Auth, "--cacert", Server.CaFile, .. args]);

    private static SigvResult Ok(SigvResult r, bool stderrAllowed = false)
    {
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.True(stderrAllowed || r.Stderr.Length == 0, r.ToString());
        return r;
    }

    private string NewBucket()
    {
        string bucket = $"tls-e2e-{Guid.NewGuid():N}"[..24];
        _buckets.Add(bucket);
        return bucket;
    }

    private string Write(string name, ReadOnlySpan<byte> data)
    {
        string path = Path.Combine(_dir, name);
        File.WriteAllBytes(path, data.ToArray());
        return path;
    }

    /// <summary>Runs the system's curl (not sigv) and asserts it succeeded.</summary>
    private static async Task PlainCurlAsync(params string[] args)
    {
        var psi = new ProcessStartInfo("curl") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (string a in args)
        {
            psi.ArgumentList.Add(a);
        }

        using var curl = Process.Start(psi)!;
        string stderr = await curl.StandardError.ReadToEndAsync();
        await curl.StandardOutput.ReadToEndAsync();
        await curl.WaitForExitAsync();
        Assert.True(curl.ExitCode == 0, $"curl exit {curl.ExitCode}: {stderr}");
    }
}
