using System.Text;

namespace Signing.Tests.Cli;

/// <summary>
/// Issue 10, items 1, 2 and 8: every flag whose value becomes part of a request is checked where it
/// is parsed. Control characters, malformed methods and values out of range end as one usage line
/// (exit 2) naming the flag, the value escaped (never a secret), and the fix; nothing is sent.
/// </summary>
public sealed class CliInputTests : IDisposable
{
    private const string Secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    private const string User = "AKIAIOSFODNN7EXAMPLE:" + Secret;
    private const string Url = "http://127.0.0.1:1/b/k";
    private const string Endpoint = "http://127.0.0.1:1";
    private readonly string _dir = Directory.CreateTempSubdirectory("sigv-input-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    public static TheoryData<string[], string> ControlCharacters => new()
    {
        { ["curl", "-H", "X-A: a\r\nX-Injected: b", Url, "--user", User], "-H 'X-A: a\\r\\nX-Injected: b' contains a carriage return (CR)" },
        { ["curl", "-H", "X-A\nB: c", Url, "--user", User], "the header name contains a line feed (LF)" },
        { ["curl", "-H", "X-A: caf\u00e9", Url, "--user", User], "non-ASCII" },
        { ["curl", "-X", "GET\r\n", Url, "--user", User], "-X 'GET\\r\\n'" },
        { ["curl", "--aws-sigv4", "aws:amz:us-east-1\n:s3", Url, "--user", User], "--aws-sigv4 'aws:amz:us-east-1\\n:s3'" },
        { ["curl", "--url", "http://127.0.0.1:1/a\r\nb", "--user", User], "URL 'http://127.0.0.1:1/a\\r\\nb' contains a carriage return" },
        { ["curl", "http://127.0.0.1:1/a\0b", "--user", User], "contains a NUL character" },
        { ["curl", "--sigv2", "--bucket", "b\nc", Url, "--user", User], "--bucket: the bucket name 'b\\nc'" },
        { ["curl", "--profile", "p\r", Url], "--profile 'p\\r'" },
        { ["curl", "--date", "20150830T123600Z\n", Url, "--user", User], "--date '20150830T123600Z\\n'" },
        { ["curl", "-o", "out\0.bin", Url, "--user", User], "-o 'out\\0.bin' contains a NUL" },
        { ["sign", "-H", "X-A: a\r\nX-Injected: b", Url, "--aws-sigv4", "aws:amz:us-east-1:s3", "--user", User], "-H 'X-A: a\\r\\nX-Injected: b'" },
        { ["sign", "-X", "GE\tT", Url, "--aws-sigv4", "aws:amz:us-east-1:s3", "--user", User], "-X 'GE\\tT' contains a tab" },
        { ["presign", "--method", "PUT", "--content-type", "text/plain\r\nX-Injected: b", Url, "--user", User], "--content-type 'text/plain\\r\\nX-Injected: b'" },
        { ["presign", "--region", "us-east-1\n", Url, "--user", User], "--region 'us-east-1\\n'" },
        { ["s3", "ls", "--region", "us\r\neast", "--endpoint-url", Endpoint, "--user", User], "--region 'us\\r\\neast'" },
        { ["s3", "ls", "--endpoint-url", "http://127.0.0.1:1/\r\n", "--user", User], "--endpoint-url 'http://127.0.0.1:1/\\r\\n'" },
        { ["s3", "ls", "--profile", "p\0", "--endpoint-url", Endpoint], "--profile 'p\\0'" },
        { ["s3", "ls", "s3://b\r\nc/", "--endpoint-url", Endpoint, "--user", User], "the bucket name 'b\\r\\nc'" },
        { ["s3", "presign", "s3://b/k", "--method", "PUT", "--content-type", "a\nb", "--endpoint-url", Endpoint, "--user", User], "--content-type 'a\\nb'" },
        { ["s3", "cp", "s3://b/k", "s3://c/k", "--acl", "private\r\n", "--endpoint-url", Endpoint, "--user", User], "--acl 'private\\r\\n'" },
        { ["s3", "cp", "s3://b/k", "s3://c/k", "--content-type", "text/plain\r\nX-Injected: b", "--endpoint-url", Endpoint, "--user", User], "--content-type 'text/plain\\r\\nX-Injected: b'" },
        { ["s3", "\u0001", "--endpoint-url", Endpoint, "--user", User], "unknown subcommand '\\x01'" },
        { ["curl", "--bogus\r\n", Url], "unknown flag '--bogus\\r\\n'" },
        { ["frob\nx"], "unknown command 'frob\\nx'" },
    };

    [Theory]
    [MemberData(nameof(ControlCharacters))]
    public void Sigv_ControlCharacterInAFlag_OneLineNamingFlagAndEscapedValue(string[] args, string expected) =>
        CliRunner.AssertUsageError(CliRunner.Run(args), expected);

    public static TheoryData<string[]> Secrets => new()
    {
        { ["curl", "--user", "AKIA:" + "SECRET\r\nzq9", Url] },
        { ["curl", "--session-token", "TOKEN\nxy7", Url, "--user", User] },
        { ["sign", Url, "--aws-sigv4", "aws:amz:us-east-1:s3", "--user", "AK:" + "SECRET\0zq9"] },
        { ["s3", "ls", "--endpoint-url", Endpoint, "--session-token", "TOKEN\rxy7", "--user", User] },
        { ["s3", "ls", "--endpoint-url", Endpoint, "--user", "SECRET\nzq9"] },
    };

    [Theory]
    [MemberData(nameof(Secrets))]
    public void Sigv_ControlCharacterInASecret_ValueNeverShown(string[] args)
    {
        var r = CliRunner.Run(args);
        CliRunner.AssertUsageError(r, "value not shown");
        Assert.DoesNotContain("zq9", r.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("xy7", r.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("curl", "x-amz-security-token")]
    [InlineData("curl", "Authorization")]
    [InlineData("curl", "x-amz-server-side-encryption-customer-key")]
    [InlineData("sign", "x-amz-security-token")]
    [InlineData("sign", "Cookie")]
    public void Sigv_ControlCharacterInASecretHeader_ValueNeverShown(string command, string header)
    {
        // A token or key passed with -H is not one of the run's credentials: the message itself must not show it.
        string[] args = command == "sign"
            ? ["sign", Url, "--aws-sigv4", "aws:amz:us-east-1:s3", "--user", User, "-H", $"{header}: HEADERSECRETqq4\r\nX-Injected: b"]
            : ["curl", "--user", User, "-H", $"{header}: HEADERSECRETqq4\r\nX-Injected: b", Url];
        var r = CliRunner.Run(args);
        CliRunner.AssertUsageError(r, "value not shown");
        Assert.DoesNotContain("HEADERSECRETqq4", r.All, StringComparison.Ordinal);
        Assert.Contains(header, r.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Curl_UserWhoseAccessKeyIsASecret_NeverEchoed()
    {
        // A secret pasted where the access key goes (swapped values): '/' is never in an access key.
        var r = CliRunner.Run(["curl", "--user", $"{Secret}:otherpart", Url]);
        CliRunner.AssertUsageError(r, "value not shown");
        Assert.DoesNotContain(Secret, r.All, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Curl_HeaderInjection_NothingReachesTheServer()
    {
        await using var server = new ScriptedServer();
        var r = await CliRunner.RunAsync(["curl", "-H", "X-A: a\r\nX-Injected: b", server.Url + "/b/k", "--user", User]);
        CliRunner.AssertUsageError(r, "-H");
        Assert.Equal(0, server.Connections);
    }

    [Theory]
    [InlineData("curl", "GE T")]
    [InlineData("curl", "")]
    [InlineData("curl", "G(ET")]
    [InlineData("sign", "GE T")]
    public void Sigv_MethodNotAToken_UsageError(string command, string method)
    {
        string[] signing = command == "sign" ? ["--aws-sigv4", "aws:amz:us-east-1:s3"] : [];
        CliRunner.AssertUsageError(CliRunner.Run([command, "-X", method, Url, "--user", User, .. signing]), "-X");
    }

    [Theory]
    [InlineData("aws:amz:us-east-1:s3:extra", "2 to 4 parts")]
    [InlineData("aws::us-east-1:s3", "none empty")]
    [InlineData("aws:amz:us-east-1:", "none empty")]
    [InlineData("aws", "2 to 4 parts")]
    [InlineData("aws:amz:us east:s3", "the region contains a space")]
    [InlineData("aws:amz:us-east-1:s/3", "the service contains the character '/'")]
    public void Sigv_AwsSigV4Malformed_UsageError(string provider, string expected)
    {
        CliRunner.AssertUsageError(CliRunner.Run(["curl", "--aws-sigv4", provider, Url, "--user", User]), expected);
        CliRunner.AssertUsageError(CliRunner.Run(["sign", "--aws-sigv4", provider, Url, "--user", User]), expected);
    }

    [Theory]
    [InlineData("GET")]
    [InlineData("HEAD")]
    [InlineData("DELETE")]
    public void Presign_ContentTypeWithoutPut_UsageErrorAsS3Presign(string method) =>
        CliRunner.AssertUsageError(CliRunner.Run(["presign", "--method", method, "--content-type", "image/png", "https://s3.example.com/b/k", "--user", User]), "use it with --method PUT");

    [Theory]
    [InlineData("-T")]
    [InlineData("--data-binary")]
    [InlineData("-d")]
    [InlineData("--data")]
    public void Curl_BodyFromADirectory_SaysItIsADirectory(string flag)
    {
        string value = flag == "-T" ? _dir : "@" + _dir;
        CliRunner.AssertUsageError(CliRunner.Run(["curl", flag, value, Url, "--user", User]), "is a directory");
    }

    [Theory]
    [InlineData("--multipart-threshold", "99999999999TB")]
    [InlineData("--multipart-threshold", "6TB")]
    [InlineData("--multipart-threshold", "123456789012345678901234567890")]
    [InlineData("--multipart-chunksize", "99999999999TB")]
    [InlineData("--multipart-threshold", "1.2.3MB")]
    [InlineData("--multipart-threshold", "-1")]
    public void S3Cp_SizeOutOfRange_UsageErrorNotACrash(string flag, string value)
    {
        string file = Path.Combine(_dir, "f.txt");
        File.WriteAllText(file, "x");
        CliRunner.AssertUsageError(CliRunner.Run(["s3", "cp", file, "s3://b/k", flag, value, "--endpoint-url", Endpoint, "--user", User]), flag);
    }

    [Theory]
    [InlineData("--expires", "99999999999999999999")]
    [InlineData("--expires", "604801")]
    [InlineData("--expires", "0")]
    [InlineData("--connect-timeout", "NaN")]
    [InlineData("--connect-timeout", "1e400")]
    [InlineData("--max-time", "99999999999")]
    [InlineData("--speed-limit", "-1")]
    [InlineData("--speed-time", "99999999999")]
    [InlineData("--date", "99991231T235959Z")]
    public void Sigv_NumberOutOfRange_UsageError(string flag, string value)
    {
        string command = flag is "--expires" ? "presign" : "curl";
        CliRunner.AssertUsageError(CliRunner.Run([command, flag, value, Url, "--user", User]), flag);
    }

    [Theory]
    [InlineData("")]
    [InlineData("text/plain\r\nX-Injected: b")]
    [InlineData("\u00e9")]
    public void S3Cp_ContentTypeEmptyOrControl_UsageError(string type)
    {
        string file = Path.Combine(_dir, "f.txt");
        File.WriteAllText(file, "x");
        CliRunner.AssertUsageError(CliRunner.Run(["s3", "cp", file, "s3://b/k", "--content-type", type, "--endpoint-url", Endpoint, "--user", User]), "--content-type");
    }

    [Theory]
    [InlineData("foo")]
    [InlineData("text/plain; charset=\"weird")]
    [InlineData("image/png")]
    public async Task S3Cp_AnyControlFreeContentType_SentAsGiven(string type)
    {
        await using var server = new ScriptedServer(_ => ServerAnswer.Full("200 OK", string.Empty, "ETag: \"abc\""));
        string file = Path.Combine(_dir, "f.txt");
        File.WriteAllText(file, "x");
        var r = await CliRunner.RunAsync(["s3", "cp", file, "s3://bucket/k", "--content-type", type, "--endpoint-url", server.Url, "--user", User]);
        Assert.True(r.Code == 0, r.ToString());
        var put = Assert.Single(server.Requests);
        Assert.Equal("PUT", put.Method);
        Assert.Equal(type, put.Header("Content-Type"));
    }

    [Fact]
    public void S3Ls_BucketOf70000Characters_ShortUsageError()
    {
        var r = CliRunner.Run(["s3", "ls", "s3://" + new string('a', 70_000), "--endpoint-url", Endpoint, "--user", User]);
        CliRunner.AssertUsageError(r, "the bucket name has 70000 characters");
        Assert.True(r.Stderr.Length < 400, r.Stderr);
    }

    [Theory]
    [InlineData("s3://b_/k", true)]
    [InlineData("s3://My.Bucket-1/k", true)]
    [InlineData("s3://ab/k", true)]
    [InlineData("s3://a b/k", false)]
    [InlineData("s3://b%20/k", false)]
    [InlineData("s3://b:1/k", false)]
    [InlineData("s3://b\u00e9/k", false)]
    public void S3Path_BucketNames_AsTheAwsCliAccepts(string uri, bool accepted)
    {
        var r = CliRunner.Run(["s3", "presign", uri, "--endpoint-url", Endpoint, "--user", User]);
        if (accepted)
        {
            Assert.True(r.Code == 0, r.ToString());
        }
        else
        {
            CliRunner.AssertUsageError(r, "the bucket name");
        }
    }

    [Fact]
    public void S3Path_KeyOver1024Utf8Bytes_UsageError()
    {
        string key = string.Concat(Enumerable.Repeat("\u00e9", 513)); // 1026 bytes of UTF-8
        CliRunner.AssertUsageError(CliRunner.Run(["s3", "rm", "s3://b/" + key, "--endpoint-url", Endpoint, "--user", User]), "1026 bytes of UTF-8");
        Assert.Equal(0, CliRunner.Run(["s3", "presign", "s3://b/" + key[..512], "--endpoint-url", Endpoint, "--user", User]).Code);
    }

    [Fact]
    public void S3Path_KeyWithUnpairedSurrogate_UsageError() =>
        CliRunner.AssertUsageError(CliRunner.Run(["s3", "rm", "s3://b/a\ud800b", "--endpoint-url", Endpoint, "--user", User]), "unpaired surrogate");

    [Fact]
    public void Sigv_LongJunkValue_MessageCutToOneShortLine()
    {
        string junk = new string('x', 70_000) + "\r\n";
        var r = CliRunner.Run(["curl", "-X", junk, Url, "--user", User]);
        CliRunner.AssertUsageError(r, "(70002 characters)");
        Assert.True(Encoding.UTF8.GetByteCount(r.Stderr) < 400, r.Stderr);
    }
}
