using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Signing.S3;

namespace Signing.Cli.Tests;

/// <summary>
/// <c>sigv s3</c> run as a process against Ceph RGW: each test makes its own <c>s3cli-e2e-*</c>
/// bucket and removes it (another suite may share the server).
/// </summary>
public sealed class S3EndToEndTests : IDisposable
{
    private const int MiB = 1024 * 1024;
    private readonly string _dir = Directory.CreateTempSubdirectory("sigv-s3-e2e-").FullName;
    private readonly List<string> _buckets = [];

    private static TestServer Server => TestServers.Get(TestServers.Rgw);

    public void Dispose()
    {
        foreach (string bucket in _buckets)
        {
            SigvProcess.RunAsync(["s3", "rb", "--force", "--quiet", $"s3://{bucket}"], Env()).GetAwaiter().GetResult();
        }

        Directory.Delete(_dir, recursive: true);
    }

    [IntegrationTheory(TestServers.Rgw)]
    [InlineData("v4")]
    [InlineData("v2")]
    [InlineData("hybrid")]
    public async Task SigvS3_Cp20MiBFile_MultipartUpAndDownHashVerifiedQuietly(string signature)
    {
        string bucket = await NewBucketAsync("--signature", signature);
        string source = RandomFile("big.bin", 20 * MiB);
        string back = Path.Combine(_dir, "back.bin");

        var up = await OkAsync("s3", "cp", source, $"s3://{bucket}/data/big.bin", "--signature", signature);
        Assert.Equal($"upload: {source} to s3://{bucket}/data/big.bin\n", up.Stdout);
        Assert.Equal(string.Empty, up.Stderr); // not a terminal: no progress bar
        var head = await Client().HeadObjectAsync(bucket, "data/big.bin");
        Assert.Matches("^\"[0-9a-f]{32}-3\"$", head.ETag); // 3 parts of 8 MiB: multipart
        Assert.Equal(20 * MiB, head.ContentLength);
        Assert.Equal("application/octet-stream", head.ContentType);

        var down = await OkAsync("s3", "--signature", signature, "cp", $"s3://{bucket}/data/big.bin", back);
        Assert.Equal($"download: s3://{bucket}/data/big.bin to {back}\n", down.Stdout);
        Assert.Equal(string.Empty, down.Stderr);
        Assert.Equal(Sha256(source), Sha256(back));
    }

    [IntegrationFact(TestServers.Rgw)]
    public async Task SigvS3_CpStdinAndStdout_BytesRoundTripStdinMultipart()
    {
        string bucket = await NewBucketAsync();
        byte[] data = RandomNumberGenerator.GetBytes((20 * MiB) + 3);

        var up = await SigvProcess.RunAsync(["s3", "cp", "-", $"s3://{bucket}/piped.bin"], Env(), stdin: data);
        Assert.True(up.ExitCode == 0, up.ToString());
        Assert.Equal(string.Empty, up.Stderr);
        Assert.Matches("^\"[0-9a-f]{32}-3\"$", (await Client().HeadObjectAsync(bucket, "piped.bin")).ETag);

        var down = await OkAsync("s3", "cp", $"s3://{bucket}/piped.bin", "-");
        Assert.Equal(SHA256.HashData(data), SHA256.HashData(down.StdoutBytes));
        Assert.Equal(string.Empty, down.Stderr);

        var small = await SigvProcess.RunAsync(["s3", "cp", "-", $"s3://{bucket}/note.txt"], Env(), stdin: "hi\n"u8.ToArray());
        Assert.True(small.ExitCode == 0, small.ToString());
        Assert.Equal("text/plain", (await Client().HeadObjectAsync(bucket, "note.txt")).ContentType); // guessed from the key
    }

    [IntegrationFact(TestServers.Rgw)]
    public async Task SigvS3_MbLsRmRb_AwsCliOutput()
    {
        string bucket = NewBucketName();
        var mb = await OkAsync("s3", "mb", $"s3://{bucket}");
        _buckets.Add(bucket);
        Assert.Equal($"make_bucket: {bucket}\n", mb.Stdout);
        Assert.Matches($@"(?m)^\d{{4}}-\d\d-\d\d \d\d:\d\d:\d\d {bucket}$", (await OkAsync("s3", "ls")).Stdout);

        string a = TextFile("a.txt", "hello\n");
        string b = TextFile("b.json", "{}");
        await OkAsync("s3", "cp", a, $"s3://{bucket}");
        await OkAsync("s3", "cp", b, $"s3://{bucket}/dir/");
        await OkAsync("s3", "cp", a, $"s3://{bucket}/dir/sub/c.txt");
        Assert.Equal("application/json", (await Client().HeadObjectAsync(bucket, "dir/b.json")).ContentType);

        string[] top = Lines((await OkAsync("s3", "ls", $"s3://{bucket}")).Stdout);
        Assert.Equal(2, top.Length);
        Assert.Equal("                           PRE dir/", top[0]);
        Assert.Matches(@"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d {10}6 a\.txt$", top[1]);
        string[] inDir = Lines((await OkAsync("s3", "ls", $"s3://{bucket}/dir/")).Stdout);
        Assert.Equal("                           PRE sub/", inDir[0]);
        Assert.Matches(@"^\S+ \S+ {10}2 b\.json$", inDir[1]);

        var all = await OkAsync("s3", "ls", $"s3://{bucket}", "--recursive", "--human-readable", "--summarize");
        Assert.Matches(@"(?m)^\S+ \S+    6 Bytes dir/sub/c\.txt$", all.Stdout);
        Assert.EndsWith("\nTotal Objects: 3\n   Total Size: 14 Bytes\n", all.Stdout, StringComparison.Ordinal);
        var none = await SigvAsync("s3", "ls", $"s3://{bucket}/nothing-here");
        Assert.True(none.ExitCode == 1 && none.Stdout.Length == 0, none.ToString());

        var rm = await OkAsync("s3", "rm", $"s3://{bucket}/dir", "--recursive");
        Assert.Equal($"delete: s3://{bucket}/dir/b.json\ndelete: s3://{bucket}/dir/sub/c.txt\n", rm.Stdout);
        Assert.Equal(["a.txt"], Lines((await OkAsync("s3", "ls", $"s3://{bucket}", "--recursive")).Stdout).Select(l => l.Split(' ')[^1]));

        var notEmpty = await SigvAsync("s3", "rb", $"s3://{bucket}");
        Assert.Equal(1, notEmpty.ExitCode);
        Assert.Single(Lines(notEmpty.Stderr));
        Assert.Contains("BucketNotEmpty", notEmpty.Stderr, StringComparison.Ordinal);
        Assert.Contains("rb --force", notEmpty.Stderr, StringComparison.Ordinal);

        Assert.Equal($"delete: s3://{bucket}/a.txt\n", (await OkAsync("s3", "rm", $"s3://{bucket}/a.txt")).Stdout);
        Assert.Equal($"remove_bucket: {bucket}\n", (await OkAsync("s3", "rb", $"s3://{bucket}")).Stdout);
        Assert.DoesNotContain(bucket, (await OkAsync("s3", "ls")).Stdout, StringComparison.Ordinal);
    }

    [IntegrationFact(TestServers.Rgw)]
    public async Task SigvS3_CatAndServerSideCopy_BinarySafe()
    {
        string bucket = await NewBucketAsync();
        string other = await NewBucketAsync();
        byte[] data = [.. Enumerable.Range(0, 256).Select(i => (byte)i), .. "\r\n\0\xff"u8.ToArray()];
        string file = Path.Combine(_dir, "bytes.bin");
        await File.WriteAllBytesAsync(file, data);
        await OkAsync("s3", "cp", file, $"s3://{bucket}/bytes.bin");

        Assert.Equal(data, (await OkAsync("s3", "cat", $"s3://{bucket}/bytes.bin")).StdoutBytes);

        var copy = await OkAsync("s3", "cp", $"s3://{bucket}/bytes.bin", $"s3://{other}/copies/", "--content-type", "application/x-test");
        Assert.Equal($"copy: s3://{bucket}/bytes.bin to s3://{other}/copies/bytes.bin\n", copy.Stdout);
        Assert.Equal(data, (await OkAsync("s3", "cat", $"s3://{other}/copies/bytes.bin")).StdoutBytes);
        Assert.Equal("application/x-test", (await Client().HeadObjectAsync(other, "copies/bytes.bin")).ContentType);
    }

    [IntegrationFact(TestServers.Rgw)]
    public async Task SigvS3_Presign_GetAndPutUsableByPlainHttpClient()
    {
        string bucket = await NewBucketAsync();
        string file = TextFile("p.txt", "presigned body");
        await OkAsync("s3", "cp", file, $"s3://{bucket}/p.txt");
        using var http = new HttpClient();

        string get = (await OkAsync("s3", "presign", $"s3://{bucket}/p.txt", "--expires-in", "300")).Stdout.Trim();
        Assert.Contains("X-Amz-Expires=300", get, StringComparison.Ordinal);
        Assert.Equal("presigned body", await http.GetStringAsync(new Uri(get)));

        string put = (await OkAsync("s3", "presign", $"s3://{bucket}/up.txt", "--method", "PUT", "--content-type", "text/plain")).Stdout.Trim();
        using (var wrongType = await http.PutAsync(new Uri(put), new StringContent("x", Encoding.UTF8, new MediaTypeHeaderValue("image/png"))))
        {
            Assert.Equal(HttpStatusCode.Forbidden, wrongType.StatusCode);
        }

        var body = new ByteArrayContent("uploaded with a URL"u8.ToArray());
        body.Headers.ContentType = new MediaTypeHeaderValue("text/plain");
        using (var response = await http.PutAsync(new Uri(put), body))
        {
            Assert.True(response.IsSuccessStatusCode, response.ToString());
        }

        Assert.Equal("uploaded with a URL", (await OkAsync("s3", "cat", $"s3://{bucket}/up.txt")).Stdout);
        Assert.Equal("text/plain", (await Client().HeadObjectAsync(bucket, "up.txt")).ContentType);

        string v2 = (await OkAsync("s3", "presign", $"s3://{bucket}/p.txt", "--signature", "v2")).Stdout.Trim();
        Assert.Contains("AWSAccessKeyId=", v2, StringComparison.Ordinal);
        Assert.Equal("presigned body", await http.GetStringAsync(new Uri(v2)));
    }

    [IntegrationFact(TestServers.Rgw)]
    public async Task SigvS3_CpAclPublicRead_AnonymousGetAllowedOnlyThen()
    {
        string bucket = await NewBucketAsync();
        string file = TextFile("pub.txt", "for everyone");
        await OkAsync("s3", "cp", file, $"s3://{bucket}/public.txt", "--acl", "public-read");
        await OkAsync("s3", "cp", file, $"s3://{bucket}/private.txt");
        using var http = new HttpClient();

        using var open = await http.GetAsync(Client().GetPublicUrl(bucket, "public.txt"));
        Assert.Equal(HttpStatusCode.OK, open.StatusCode);
        Assert.Equal("for everyone", await open.Content.ReadAsStringAsync());
        using var closed = await http.GetAsync(Client().GetPublicUrl(bucket, "private.txt"));
        Assert.Equal(HttpStatusCode.Forbidden, closed.StatusCode);

        var anonymous = await SigvProcess.RunAsync(["s3", "cat", $"s3://{bucket}/public.txt", "--no-sign-request", "--endpoint-url", Server.Endpoint.ToString()]);
        Assert.True(anonymous.ExitCode == 0, anonymous.ToString());
        Assert.Equal("for everyone", anonymous.Stdout);
    }

    [IntegrationFact(TestServers.Rgw)]
    public async Task SigvS3_CpRecursive_DirectoryUpAndPrefixDown()
    {
        string bucket = await NewBucketAsync();
        string tree = Path.Combine(_dir, "tree");
        Directory.CreateDirectory(Path.Combine(tree, "sub", "deeper"));
        await File.WriteAllTextAsync(Path.Combine(tree, "one.txt"), "1");
        await File.WriteAllTextAsync(Path.Combine(tree, "sub", "two.txt"), "22");
        await File.WriteAllTextAsync(Path.Combine(tree, "sub", "deeper", "three.txt"), "333");

        var up = await OkAsync("s3", "cp", tree, $"s3://{bucket}/site", "--recursive");
        Assert.Equal(3, Lines(up.Stdout).Length);
        var keys = Lines((await OkAsync("s3", "ls", $"s3://{bucket}", "--recursive")).Stdout).Select(l => l.Split(' ')[^1]);
        Assert.Equal(["site/one.txt", "site/sub/deeper/three.txt", "site/sub/two.txt"], keys);

        string copy = Path.Combine(_dir, "copy");
        var down = await OkAsync("s3", "cp", $"s3://{bucket}/site/sub", copy, "--recursive");
        Assert.Equal(2, Lines(down.Stdout).Length);
        Assert.Equal("22", await File.ReadAllTextAsync(Path.Combine(copy, "two.txt")));
        Assert.Equal("333", await File.ReadAllTextAsync(Path.Combine(copy, "deeper", "three.txt")));
        Assert.False(File.Exists(Path.Combine(copy, "one.txt")));

        // A key that climbs out of the prefix is not written outside the target directory.
        await Client().PutObjectAsync(bucket, "site/sub/../../../escape.txt", "x"u8.ToArray());
        string guarded = Path.Combine(_dir, "guarded", "inner");
        var escape = await SigvAsync("s3", "cp", $"s3://{bucket}/site", guarded, "--recursive");
        Assert.Equal(1, escape.ExitCode);
        Assert.Contains("skipped key 'sub/../../../escape.txt'", escape.Stderr, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(guarded, "sub", "two.txt")), escape.ToString());
        Assert.False(File.Exists(Path.Combine(_dir, "escape.txt")));
        Assert.False(File.Exists(Path.Combine(_dir, "guarded", "escape.txt")));
    }

    [IntegrationFact(TestServers.Rgw)]
    public async Task SigvS3_Errors_OneLineRightExitCodeNoSecret()
    {
        string bucket = await NewBucketAsync();

        var noCredentials = await SigvProcess.RunAsync(["s3", "ls", "--endpoint-url", Server.Endpoint.ToString()]);
        Assert.Equal(3, noCredentials.ExitCode);
        Assert.Single(Lines(noCredentials.Stderr));

        var missingKey = await SigvAsync("s3", "cat", $"s3://{bucket}/missing.txt");
        Assert.Equal(1, missingKey.ExitCode);
        Assert.Single(Lines(missingKey.Stderr));
        Assert.Contains("NoSuchKey", missingKey.Stderr, StringComparison.Ordinal);
        Assert.Empty(missingKey.StdoutBytes);

        var missingBucket = await SigvAsync("s3", "ls", $"s3://{bucket}-none/");
        Assert.Equal(1, missingBucket.ExitCode);
        Assert.Contains("NoSuchBucket", missingBucket.Stderr, StringComparison.Ordinal);

        const string wrongSecret = "not-the-secret-0123456789abcdefghijklmn";
        foreach (string signature in new[] { "v4", "v2" })
        {
            var denied = await SigvProcess.RunAsync(["s3", "ls", $"s3://{bucket}", "--signature", signature, "--user", $"{Server.AccessKey}:{wrongSecret}", "--endpoint-url", Server.Endpoint.ToString()]);
            Assert.Equal(1, denied.ExitCode);
            Assert.Single(Lines(denied.Stderr));
            Assert.Contains("SignatureDoesNotMatch", denied.Stderr, StringComparison.Ordinal);
            Assert.Contains("check the secret key", denied.Stderr, StringComparison.Ordinal);
            Assert.DoesNotContain(wrongSecret, denied.ToString(), StringComparison.Ordinal);
            Assert.DoesNotContain(Server.SecretKey, denied.ToString(), StringComparison.Ordinal);
        }
    }

    [IntegrationFact(TestServers.Rgw)]
    public async Task SigvS3_UserFlagAndEndpointFlag_NoEnvironmentNeeded()
    {
        string bucket = NewBucketName();
        string[] global = ["--endpoint-url", Server.Endpoint.ToString(), "--user", $"{Server.AccessKey}:{Server.SecretKey}"];
        var mb = await SigvProcess.RunAsync(["s3", .. global, "mb", $"s3://{bucket}"]);
        Assert.True(mb.ExitCode == 0, mb.ToString());
        _buckets.Add(bucket);
        var ls = await SigvProcess.RunAsync(["s3", "ls", .. global]);
        Assert.Contains(bucket, ls.Stdout, StringComparison.Ordinal);
    }

    private static Dictionary<string, string> Env() => Rgw.Environment();

    private static S3Client Client() => Rgw.Client();

    private static string NewBucketName() => $"s3cli-e2e-{Guid.NewGuid():N}"[..30];

    private async Task<string> NewBucketAsync(params string[] flags)
    {
        string bucket = NewBucketName();
        await OkAsync(["s3", "mb", $"s3://{bucket}", .. flags]);
        _buckets.Add(bucket);
        return bucket;
    }

    private static Task<SigvResult> SigvAsync(params string[] args) => SigvProcess.RunAsync(args, Env());

    private static async Task<SigvResult> OkAsync(params string[] args)
    {
        var result = await SigvAsync(args);
        Assert.True(result.ExitCode == 0, $"sigv {string.Join(' ', args)}: {result}");
        return result;
    }

    private string RandomFile(string name, int size)
    {
        string path = Path.Combine(_dir, name);
        File.WriteAllBytes(path, RandomNumberGenerator.GetBytes(size));
        return path;
    }

    private string TextFile(string name, string text)
    {
        string path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    private static string Sha256(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexString(SHA256.HashData(stream));
    }

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
}
