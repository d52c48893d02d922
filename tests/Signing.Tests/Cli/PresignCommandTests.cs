namespace Signing.Tests.Cli;

public class PresignCommandTests
{
    private const string User = "AKIAIOSFODNN7EXAMPLE:wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

    [Fact]
    public void PresignCommand_Get_MatchesDocumentationExample()
    {
        var (code, stdout, stderr) = SignCommandVectorTests.Run(["presign", "https://examplebucket.s3.amazonaws.com/test.txt", "--expires", "86400", "--region", "us-east-1", "--user", User, "--date", "20130524T000000Z"]);
        Assert.True(code == 0, stderr);
        Assert.Equal(
            "https://examplebucket.s3.amazonaws.com/test.txt?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404",
            stdout.Trim());
    }

    [Fact]
    public void PresignCommand_PutWithContentType_BindsIt()
    {
        var (code, stdout, _) = SignCommandVectorTests.Run(["presign", "--method", "PUT", "--content-type", "image/png", "https://s3.example.com/b/cat.png", "--region", "us-east-1", "--user", User]);
        Assert.Equal(0, code);
        Assert.Contains("X-Amz-SignedHeaders=content-type%3Bhost", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void PresignCommand_SigV2_HasV2Parameters()
    {
        var (code, stdout, _) = SignCommandVectorTests.Run(["presign", "--sigv2", "https://s3.example.com/b/k", "--user", User, "--expires", "60"]);
        Assert.Equal(0, code);
        Assert.Matches(@"^https://s3\.example\.com/b/k\?AWSAccessKeyId=AKIAIOSFODNN7EXAMPLE&Signature=[^&]+&Expires=\d+\s*$", stdout);
    }

    [Theory]
    [InlineData("--double-encode-path")]
    [InlineData("--normalize-path")]
    [InlineData("--sign-content-sha256")]
    public void PresignCommand_AdvancedSwitch_ChangesWhatIsSigned(string flag)
    {
        // The switches were accepted by presign and silently ignored: the URL was signed with S3's defaults.
        string[] common = ["presign", "https://s3.example.com/b/./a%20b", "--region", "us-east-1", "--user", User, "--date", "20130524T000000Z"];
        var plain = SignCommandVectorTests.Run(common);
        var switched = SignCommandVectorTests.Run([.. common, flag]);
        Assert.True(switched.Code == 0, switched.Stderr);

        var options = flag switch
        {
            "--double-encode-path" => SigningOptions.S3 with { PathEncoding = PathEncoding.Double },
            "--normalize-path" => SigningOptions.S3 with { PathNormalization = PathNormalization.Normalize },
            _ => SigningOptions.S3 with { ContentSha256Header = ContentSha256Header.IncludeWhenPresigning },
        };
        var signer = new SigV4Signer(new AwsCredentials("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"), "us-east-1", "s3", options);
        var view = new HttpRequestView("GET", "/b/./a%20b", "", [new("Host", "s3.example.com")]);
        string expected = "https://s3.example.com" + signer.PresignTarget(view, TimeSpan.FromHours(1), new DateTimeOffset(2013, 5, 24, 0, 0, 0, TimeSpan.Zero));
        Assert.Equal(expected, switched.Stdout.Trim());
        Assert.NotEqual(plain.Stdout.Trim(), switched.Stdout.Trim());
    }

    [Fact]
    public void PresignCommand_CurlMethodFlag_IsTheMethod()
    {
        // -X was taken by the shared signing flags and ignored: the URL came out signed for GET.
        string[] common = ["presign", "https://s3.example.com/b/k", "--region", "us-east-1", "--user", User, "--date", "20130524T000000Z"];
        var viaX = SignCommandVectorTests.Run([.. common, "-X", "put"]);
        var viaMethod = SignCommandVectorTests.Run([.. common, "--method", "PUT"]);
        var get = SignCommandVectorTests.Run(common);
        Assert.True(viaX.Code == 0, viaX.Stderr);
        Assert.Equal(viaMethod.Stdout, viaX.Stdout);
        Assert.NotEqual(get.Stdout, viaX.Stdout);
        Assert.Equal(2, SignCommandVectorTests.Run([.. common, "-X", "POST"]).Code);
    }

    [Theory]
    [InlineData("-H", "x-amz-meta-a: 1", "-H")]
    [InlineData("--data", "a=1", "--data")]
    [InlineData("--explain", null, "--explain")]
    public void PresignCommand_FlagItCannotCarry_ExitsTwoNamingIt(string flag, string? value, string named)
    {
        string[] args = ["presign", "https://s3.example.com/b/k", "--user", User, flag, .. value is null ? Array.Empty<string>() : [value]];
        var (code, stdout, stderr) = SignCommandVectorTests.Run(args);
        Assert.Equal(2, code);
        Assert.Empty(stdout);
        Assert.Single(stderr.Trim().Split('\n'));
        Assert.Contains(named, stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--method", "POST")]
    [InlineData("--expires", "604801")]
    [InlineData("--expires", "soon")]
    [InlineData("--bogus", "x")]
    public void PresignCommand_BadInput_ExitsTwoWithOneLine(string flag, string value)
    {
        var (code, stdout, stderr) = SignCommandVectorTests.Run(["presign", "https://s3.example.com/b/k", "--user", User, flag, value]);
        Assert.Equal(2, code);
        Assert.Equal(string.Empty, stdout);
        Assert.Single(stderr.Trim().Split('\n'));
        Assert.DoesNotContain("wJalrXUtnFEMI", stderr, StringComparison.Ordinal);
    }
}
