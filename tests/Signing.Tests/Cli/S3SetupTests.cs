using Signing.Cli;
using Signing.S3;

namespace Signing.Tests.Cli;

public class S3SetupTests
{
    private static Func<string, string?> Env(params (string Name, string Value)[] vars) =>
        name => vars.FirstOrDefault(v => v.Name == name).Value;

    [Fact]
    public void S3Setup_ResolveEndpoint_FlagFirstThenS3VariableThenGeneral()
    {
        var env = Env(("AWS_ENDPOINT_URL_S3", "http://s3var:1"), ("AWS_ENDPOINT_URL", "http://general:2"));
        Assert.Equal(new Uri("http://flag:3"), S3Setup.ResolveEndpoint("http://flag:3", "us-east-1", env));
        Assert.Equal(new Uri("http://s3var:1"), S3Setup.ResolveEndpoint(null, "us-east-1", env));
        Assert.Equal(new Uri("http://general:2"), S3Setup.ResolveEndpoint(null, "us-east-1", Env(("AWS_ENDPOINT_URL", "http://general:2"))));
    }

    [Fact]
    public void S3Setup_ResolveEndpoint_NoneConfigured_AwsRegional()
    {
        Assert.Equal(new Uri("https://s3.eu-west-1.amazonaws.com"), S3Setup.ResolveEndpoint(null, "eu-west-1", Env()));
        var ignored = Env(("AWS_ENDPOINT_URL_S3", "http://s3var:1"), ("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true"));
        Assert.Equal(new Uri("https://s3.us-east-1.amazonaws.com"), S3Setup.ResolveEndpoint(null, "us-east-1", ignored));
    }

    [Theory]
    [InlineData("127.0.0.1:9000", "--endpoint-url")]
    [InlineData("ftp://host", "--endpoint-url")]
    [InlineData("http://host/?x=1", "--endpoint-url")]
    public void S3Setup_ResolveEndpoint_Malformed_UsageErrorNamingTheSource(string url, string source)
    {
        var e = Assert.Throws<UsageException>(() => S3Setup.ResolveEndpoint(url, "us-east-1", Env()));
        Assert.StartsWith(source, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void S3Setup_ResolveEndpoint_MalformedVariable_NamesTheVariable()
    {
        var e = Assert.Throws<UsageException>(() => S3Setup.ResolveEndpoint(null, "us-east-1", Env(("AWS_ENDPOINT_URL_S3", "localhost:9000"))));
        Assert.StartsWith("AWS_ENDPOINT_URL_S3 'localhost:9000'", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://s3.us-east-1.amazonaws.com", new[] { "photos" }, S3Addressing.VirtualHost)]
    [InlineData("https://s3.cn-north-1.amazonaws.com.cn", new[] { "photos" }, S3Addressing.VirtualHost)]
    [InlineData("https://s3.us-east-1.amazonaws.com", new[] { "my.photos" }, S3Addressing.PathStyle)]
    [InlineData("https://s3.us-east-1.amazonaws.com", new[] { "photos", "Old_Bucket" }, S3Addressing.PathStyle)]
    [InlineData("http://127.0.0.1:17480", new[] { "photos" }, S3Addressing.PathStyle)]
    [InlineData("http://localhost:9000", new[] { "photos" }, S3Addressing.PathStyle)]
    [InlineData("https://s3.example.com", new string[0], S3Addressing.PathStyle)]
    public void S3Setup_ChooseAddressing_DefaultByEndpointAndBuckets(string endpoint, string[] buckets, S3Addressing expected) =>
        Assert.Equal(expected, S3Setup.ChooseAddressing(new Uri(endpoint), null, buckets));

    [Fact]
    public void S3Setup_ChooseAddressing_ExplicitChoiceWins()
    {
        Assert.Equal(S3Addressing.PathStyle, S3Setup.ChooseAddressing(new Uri("https://s3.amazonaws.com"), S3Addressing.PathStyle, ["photos"]));
        Assert.Equal(S3Addressing.VirtualHost, S3Setup.ChooseAddressing(new Uri("http://localhost:9000"), S3Addressing.VirtualHost, ["photos"]));
    }

    [Fact]
    public void S3Setup_ChooseAddressing_VirtualHostWithIpEndpoint_UsageError()
    {
        var e = Assert.Throws<UsageException>(() => S3Setup.ChooseAddressing(new Uri("http://127.0.0.1:9000"), S3Addressing.VirtualHost, ["b"]));
        Assert.Contains("--path-style", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void S3Setup_ClientOptions_FromFlags()
    {
        var args = S3Args.Parse(["ls", "--endpoint-url", "https://s3.example.com", "--region", "eu-central-1", "--user", "AK:SECRET", "--signature", "v2"]);
        var options = S3Setup.ClientOptions(args, ["b"], Env());
        Assert.Equal(new Uri("https://s3.example.com"), options.Endpoint);
        Assert.Equal("eu-central-1", options.Region);
        Assert.Equal("AK", options.Credentials!.AccessKeyId);
        Assert.Equal(S3SigningPolicy.SigV2, options.SigningPolicy);
        Assert.Equal(S3Addressing.PathStyle, options.Addressing);
        Assert.Equal(Payload.Unsigned, options.Payload);
        Assert.Equal(Payload.HashBody, S3Setup.ClientOptions(S3Args.Parse(["ls", "--endpoint-url", "http://127.0.0.1:1", "--user", "AK:SK"]), [], Env()).Payload);
    }

    [Fact]
    public void S3Setup_ClientOptions_NoSignRequest_Anonymous()
    {
        var options = S3Setup.ClientOptions(S3Args.Parse(["ls", "--no-sign-request", "--region", "us-east-1"]), [], Env());
        Assert.Null(options.Credentials);
    }
}
