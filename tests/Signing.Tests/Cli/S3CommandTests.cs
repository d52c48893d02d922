using System.Net;
using Signing.Cli;
using Signing.S3;

namespace Signing.Tests.Cli;

public class S3CommandTests
{
    private const string Secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    private const string User = "AKIAIOSFODNN7EXAMPLE:" + Secret;
    private const string Closed = "http://127.0.0.1:1";

    private static (int Code, string Stdout, string Stderr) Run(params string[] args) => SignCommandVectorTests.Run(["s3", .. args]);

    [Fact]
    public void S3Command_Help_ListsSubcommandsGlobalFlagsAndAddressingDefault()
    {
        var (code, stdout, _) = Run("--help");
        Assert.Equal(0, code);
        foreach (string s in new[] { "ls ", "mb ", "rb ", "cp ", "rm ", "cat ", "presign ", "--endpoint-url", "AWS_ENDPOINT_URL_S3", "--path-style", "--virtual-host", "--signature v4|v2|hybrid", "Examples:" })
        {
            Assert.Contains(s, stdout, StringComparison.Ordinal);
        }

        Assert.Contains("virtual-host for *.amazonaws.com", stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ls", "--human-readable")]
    [InlineData("mb", "LocationConstraint")]
    [InlineData("rb", "--force")]
    [InlineData("cp", "--multipart-chunksize")]
    [InlineData("rm", "--recursive")]
    [InlineData("cat", "standard output")]
    [InlineData("presign", "--expires-in")]
    public void S3Command_SubcommandHelp_FlagsAndExamples(string subcommand, string flag)
    {
        var (code, stdout, _) = Run(subcommand, "--help");
        Assert.Equal(0, code);
        Assert.StartsWith($"Usage: sigv s3 {subcommand}", stdout, StringComparison.Ordinal);
        Assert.Contains(flag, stdout, StringComparison.Ordinal);
        Assert.Contains($"sigv s3 {subcommand} ", stdout[stdout.IndexOf("Examples:", StringComparison.Ordinal)..], StringComparison.Ordinal);
    }

    [Fact]
    public void S3Command_NoSubcommand_HelpAndExitTwo()
    {
        var (code, stdout, _) = Run();
        Assert.Equal(2, code);
        Assert.StartsWith("Usage: sigv s3", stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("frob")]
    [InlineData("ls", "--bogus")]
    [InlineData("cp", "s3://b/k")]
    [InlineData("cp", "a.txt", "b.txt")]
    [InlineData("cp", "/nonexistent/file.txt", "s3://b/k")]
    [InlineData("cp", "/", "s3://b/")]
    [InlineData("cp", "-", "s3://b/dir/")]
    [InlineData("cp", "s3://b/dir/", ".")]
    [InlineData("cp", "s3://b/k", "out.txt", "--acl", "public-read")]
    [InlineData("rm", "s3://b")]
    [InlineData("mb", "s3://b/key")]
    [InlineData("cat", "s3://b")]
    [InlineData("ls", "--virtual-host")]
    public void S3Command_BadInput_ExitTwoOneLineNoSecret(params string[] args)
    {
        var (code, stdout, stderr) = Run([.. args, "--endpoint-url", Closed, "--user", User]);
        Assert.True(code == 2, stderr);
        Assert.Equal(string.Empty, stdout);
        Assert.Single(stderr.Trim().Split('\n'));
        Assert.StartsWith("sigv: ", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void S3Command_ServerUnreachable_ExitOneSaysCheckEndpoint()
    {
        var (code, _, stderr) = Run("ls", "--endpoint-url", Closed, "--user", User);
        Assert.Equal(1, code);
        Assert.Single(stderr.Trim().Split('\n'));
        Assert.Contains("check --endpoint-url (http://127.0.0.1:1/)", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void S3Command_PresignGet_PathStyleV4UrlForCustomEndpoint()
    {
        var (code, stdout, stderr) = Run("presign", "s3://b/dir/k.txt", "--endpoint-url", "http://127.0.0.1:17480", "--user", User, "--expires-in", "600");
        Assert.True(code == 0, stderr);
        string url = stdout.Trim();
        Assert.StartsWith("http://127.0.0.1:17480/b/dir/k.txt?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F", url, StringComparison.Ordinal);
        Assert.Contains("%2Fus-east-1%2Fs3%2Faws4_request", url, StringComparison.Ordinal);
        Assert.Contains("X-Amz-Expires=600&", url, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void S3Command_PresignPutWithContentType_BindsIt()
    {
        var (code, stdout, _) = Run("presign", "s3://b/cat.png", "--method", "PUT", "--content-type", "image/png", "--endpoint-url", "http://127.0.0.1:17480", "--user", User);
        Assert.Equal(0, code);
        Assert.Contains("X-Amz-SignedHeaders=content-type%3Bhost", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void S3Command_PresignOnAws_VirtualHostInTheRegion()
    {
        var (code, stdout, _) = Run("presign", "s3://photos/cat.png", "--region", "eu-west-1", "--user", User);
        Assert.Equal(0, code);
        Assert.StartsWith("https://photos.s3.eu-west-1.amazonaws.com/cat.png?X-Amz-Algorithm=", stdout, StringComparison.Ordinal);
        Assert.Contains("%2Feu-west-1%2Fs3%2F", stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("v2")]
    [InlineData("hybrid")]
    public void S3Command_PresignV2OrHybrid_SignatureV2Url(string signature)
    {
        var (code, stdout, _) = Run("presign", "s3://b/k", "--signature", signature, "--endpoint-url", "http://127.0.0.1:17480", "--user", User, "--expires-in", "60");
        Assert.Equal(0, code);
        Assert.Matches(@"^http://127\.0\.0\.1:17480/b/k\?AWSAccessKeyId=AKIAIOSFODNN7EXAMPLE&Signature=[^&]+&Expires=\d+\s*$", stdout);
    }

    [Fact]
    public void S3Command_PresignAnonymous_UsageError()
    {
        var (code, _, stderr) = Run("presign", "s3://b/k", "--no-sign-request", "--endpoint-url", Closed);
        Assert.Equal(2, code);
        Assert.Contains("--no-sign-request", stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("NoSuchBucket", "sigv s3 mb")]
    [InlineData("BucketNotEmpty", "rb --force")]
    [InlineData("InvalidAccessKeyId", "AWS_ACCESS_KEY_ID")]
    [InlineData("SignatureDoesNotMatch", "--signature v2")]
    [InlineData("AuthorizationHeaderMalformed", "--region")]
    [InlineData("RequestTimeTooSkewed", "clock")]
    public void S3Command_Fix_SaysWhatToDo(string code, string expected)
    {
        var e = new S3Exception(HttpStatusCode.BadRequest, code, $"S3 {code}", null, null, null, null);
        Assert.Contains(expected, S3Command.Fix(e, S3Args.Parse(["ls"])), StringComparison.Ordinal);
    }

    [Fact]
    public void S3Command_Fix_UnknownCode_Nothing() =>
        Assert.Equal(string.Empty, S3Command.Fix(new S3Exception(HttpStatusCode.BadRequest, "Odd", "S3 Odd", null, null, null, null), S3Args.Parse(["ls"])));
}
