using Signing.Cli;
using Signing.S3;

namespace Signing.Tests.Cli;

public class S3ArgsTests
{
    [Fact]
    public void S3Args_Defaults_AwsCliTransferSizesV4NoAddressing()
    {
        var a = S3Args.Parse(["ls"]);
        Assert.Equal("ls", a.Subcommand);
        Assert.Empty(a.Paths);
        Assert.Equal(8 * 1024 * 1024, a.MultipartThreshold);
        Assert.Equal(8 * 1024 * 1024, a.MultipartChunkSize);
        Assert.Equal(S3SigningPolicy.SigV4, a.Signature);
        Assert.Null(a.Addressing);
        Assert.Equal(3600, a.ExpiresIn);
        Assert.Equal("GET", a.Method);
        Assert.False(a.Recursive || a.Quiet || a.NoProgress || a.Force || a.DryRun || a.NoSignRequest || a.Help);
    }

    [Fact]
    public void S3Args_FlagsBeforeAndAfterSubcommand_AllTaken()
    {
        var a = S3Args.Parse(["--endpoint-url", "http://127.0.0.1:9000", "--region=eu-west-1", "cp", "a.txt", "--acl", "public-read", "s3://b/k", "--signature", "hybrid", "--path-style", "-uAK:SK", "--content-type=text/x"]);
        a.Validate();
        Assert.Equal("cp", a.Subcommand);
        Assert.Equal(["a.txt", "s3://b/k"], a.Paths);
        Assert.Equal("http://127.0.0.1:9000", a.EndpointUrl);
        Assert.Equal("eu-west-1", a.Region);
        Assert.Equal(S3CannedAcl.PublicRead, a.Acl);
        Assert.Equal(S3SigningPolicy.Hybrid, a.Signature);
        Assert.Equal(S3Addressing.PathStyle, a.Addressing);
        Assert.Equal("AK:SK", a.User);
        Assert.Equal("text/x", a.ContentType);
    }

    [Fact]
    public void S3Args_DashIsAPath_DoubleDashEndsFlags()
    {
        var a = S3Args.Parse(["cp", "-", "--", "s3://b/-k"]);
        Assert.Equal(["-", "s3://b/-k"], a.Paths);
        var b = S3Args.Parse(["cp", "--", "--recursive", "s3://b/k"]);
        Assert.False(b.Recursive);
        Assert.Equal(["--recursive", "s3://b/k"], b.Paths);
    }

    [Theory]
    [InlineData("v4", S3SigningPolicy.SigV4)]
    [InlineData("V2", S3SigningPolicy.SigV2)]
    [InlineData("hybrid", S3SigningPolicy.Hybrid)]
    public void S3Args_Signature_MapsToPolicy(string value, S3SigningPolicy policy) =>
        Assert.Equal(policy, S3Args.Parse(["ls", "--signature", value]).Signature);

    [Theory]
    [InlineData("5242880", 5L * 1024 * 1024)]
    [InlineData("8MB", 8L * 1024 * 1024)]
    [InlineData("64MiB", 64L * 1024 * 1024)]
    [InlineData("1.5GB", 3L * 512 * 1024 * 1024)]
    [InlineData("100kb", 100L * 1024)]
    [InlineData("7 MB", 7L * 1024 * 1024)]
    public void S3Args_ParseSize_BinaryUnitsAsTheAwsCli(string text, long bytes) =>
        Assert.Equal(bytes, S3Args.ParseSize("--multipart-threshold", text));

    [Theory]
    [InlineData("8XB")]
    [InlineData("MB")]
    [InlineData("-5MB")]
    [InlineData("")]
    public void S3Args_ParseSize_NotASize_UsageError(string text)
    {
        var e = Assert.Throws<UsageException>(() => S3Args.ParseSize("--multipart-threshold", text));
        Assert.Contains("8MB", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "ls", "--bogus" }, "unknown flag '--bogus'")]
    [InlineData(new[] { "ls", "--recursive=yes" }, "takes no value")]
    [InlineData(new[] { "cp", "a", "s3://b/k", "--acl", "world-writable" }, "public-read")]
    [InlineData(new[] { "ls", "--signature", "v3" }, "v4, v2 or hybrid")]
    [InlineData(new[] { "cp", "a", "s3://b/k", "--multipart-chunksize", "1MB" }, "5MiB to 5GiB")]
    [InlineData(new[] { "presign", "s3://b/k", "--expires-in", "604801" }, "1 to 604800")]
    [InlineData(new[] { "presign", "s3://b/k", "--method", "DELETE" }, "GET or PUT")]
    [InlineData(new[] { "ls", "--endpoint-url" }, "needs a value")]
    public void S3Args_Parse_BadFlag_UsageErrorSaysWhatToFix(string[] args, string expected)
    {
        var e = Assert.Throws<UsageException>(() => S3Args.Parse(args).Validate());
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "frob" }, "unknown subcommand 'frob'")]
    [InlineData(new[] { "mb", "s3://b", "--recursive" }, "--recursive does not apply here")]
    [InlineData(new[] { "ls", "s3://b", "--acl", "private" }, "--acl does not apply here")]
    [InlineData(new[] { "cp", "s3://b/k" }, "takes 2 paths, got 1")]
    [InlineData(new[] { "rm" }, "takes 1 path, got 0")]
    [InlineData(new[] { "ls", "s3://a", "s3://b" }, "takes 0 or 1 path, got 2")]
    [InlineData(new[] { "presign", "s3://b/k", "--content-type", "text/plain" }, "--method PUT")]
    public void S3Args_Validate_WrongShape_UsageError(string[] args, string expected)
    {
        var e = Assert.Throws<UsageException>(() => S3Args.Parse(args).Validate());
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void S3Args_Validate_LsBareBucket_TakenAsS3Uri()
    {
        var a = S3Args.Parse(["ls", "photos"]);
        a.Validate();
        Assert.Equal(["s3://photos"], a.Paths);
    }
}
