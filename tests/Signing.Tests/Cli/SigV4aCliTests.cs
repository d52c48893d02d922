using System.Globalization;
using Signing.Tests.Vectors;

namespace Signing.Tests.Cli;

/// <summary><c>--sigv4a</c> and <c>--region-set</c> on <c>sigv sign</c>, <c>sigv presign</c> and <c>sigv curl</c>.</summary>
public class SigV4aCliTests
{
    private const string AccessKey = "AKIAIOSFODNN7EXAMPLE";
    private const string Secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    private const string User = AccessKey + ":" + Secret;
    private const string Mrap = "https://mfzwi23gnjvgw.mrap.accesspoint.s3-global.amazonaws.com/key.txt";
    private static readonly AwsCredentials Credentials = new(AccessKey, Secret);

    [Fact]
    public void SignCommand_SigV4a_PrintsRegionSetAndAVerifiableSignature()
    {
        var r = CliRunner.Run(["sign", "--sigv4a", "--region-set", "us-east-1,us-west-2", Mrap, "--aws-sigv4", "aws:amz:us-east-1:s3", "--user", User, "--date", "20150830T123600Z", "--explain"]);
        Assert.True(r.Code == 0, r.ToString());
        Assert.Contains("X-Amz-Region-Set: us-east-1,us-west-2\n", r.Stdout, StringComparison.Ordinal);
        string authorization = r.Stdout.Split('\n').Single(l => l.StartsWith("Authorization: ", StringComparison.Ordinal))["Authorization: ".Length..];
        Assert.StartsWith("AWS4-ECDSA-P256-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20150830/s3/aws4_request, SignedHeaders=host;x-amz-content-sha256;x-amz-date;x-amz-region-set, Signature=", authorization, StringComparison.Ordinal);

        // --explain: the canonical request (with the region set) and the string to sign the signature verifies against.
        Assert.Contains("\nx-amz-region-set:us-east-1,us-west-2\n", r.Stderr, StringComparison.Ordinal);
        string stringToSign = StringToSign(r.Stderr);
        Assert.StartsWith("AWS4-ECDSA-P256-SHA256\n20150830T123600Z\n20150830/s3/aws4_request\n", stringToSign, StringComparison.Ordinal);
        using var key = SigV4aSigningKey.Create(Credentials);
        Assert.True(SigV4aVectorTests.Verify(key.ExportPublicKey(), stringToSign, SigV4aVectorTests.SignatureOf(authorization)));
    }

    [Fact]
    public void SignCommand_SigV4aPresign_DefaultsToEveryRegion()
    {
        var r = CliRunner.Run(["sign", "--sigv4a", "--presign", Mrap, "--aws-sigv4", "aws:amz:us-east-1:s3", "--user", User, "--date", "20150830T123600Z", "--explain"]);
        Assert.True(r.Code == 0, r.ToString());
        Assert.StartsWith("https://mfzwi23gnjvgw.mrap.accesspoint.s3-global.amazonaws.com/key.txt?X-Amz-Algorithm=AWS4-ECDSA-P256-SHA256&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20150830%2Fs3%2Faws4_request&X-Amz-Date=20150830T123600Z&X-Amz-Expires=3600&X-Amz-Region-Set=%2A&X-Amz-SignedHeaders=host&X-Amz-Signature=", r.Stdout, StringComparison.Ordinal);
        using var key = SigV4aSigningKey.Create(Credentials);
        Assert.True(SigV4aVectorTests.Verify(key.ExportPublicKey(), StringToSign(r.Stderr), SigV4aVectorTests.SignatureOf(r.Stdout.Trim())));
    }

    [Fact]
    public void PresignCommand_SigV4a_SignsForTheRegionSet()
    {
        var r = CliRunner.Run(["presign", "--sigv4a", "--region-set", "eu-*", Mrap, "--user", User, "--expires", "600"]);
        Assert.True(r.Code == 0, r.ToString());
        Assert.Matches(@"^https://mfzwi23gnjvgw\.mrap\.accesspoint\.s3-global\.amazonaws\.com/key\.txt\?X-Amz-Algorithm=AWS4-ECDSA-P256-SHA256&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F\d{8}%2Fs3%2Faws4_request&X-Amz-Date=\d{8}T\d{6}Z&X-Amz-Expires=600&X-Amz-Region-Set=eu-%2A&X-Amz-SignedHeaders=host&X-Amz-Signature=[0-9a-f]{136,144}\s*$", r.Stdout);
    }

    [Fact]
    public async Task CurlCommand_SigV4a_ServerVerifiesTheSignature()
    {
        await using var server = new LoopbackServer();
        string url = server.BaseUri.GetLeftPart(UriPartial.Authority) + "/bucket/key?tagging";
        var r = await Task.Run(() => CliRunner.Run(["curl", "--sigv4a", "--region-set", "us-east-1,us-west-2", "--aws-sigv4", "aws:amz:us-east-1:s3", "--user", User, "-X", "PUT", "--data-binary", "hello", url]));
        Assert.True(r.Code == 0, r.ToString());
        var raw = Assert.Single(server.Requests);
        Assert.Equal("us-east-1,us-west-2", raw.Header("X-Amz-Region-Set"));
        string authorization = raw.Header("Authorization");
        Assert.StartsWith("AWS4-ECDSA-P256-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/", authorization, StringComparison.Ordinal);

        // As a server: the signed headers as received, the string to sign worked out, the signature verified with the access key's public key.
        string[] names = authorization.Split("SignedHeaders=")[1].Split(',')[0].Split(';');
        Assert.Contains("x-amz-region-set", names);
        var signed = raw.Headers.Where(h => names.Contains(h.Name.ToLowerInvariant())).ToArray();
        var time = DateTimeOffset.ParseExact(raw.Header("X-Amz-Date"), "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
        var view = new HttpRequestView(raw.Method, "/bucket/key", "tagging", signed) { PayloadHash = raw.Header("x-amz-content-sha256") };
        var e = new SigV4aSigner(Credentials, "s3", ["us-east-1", "us-west-2"]).Explain(view, time);
        using var key = SigV4aSigningKey.Create(Credentials);
        Assert.True(SigV4aVectorTests.Verify(key.ExportPublicKey(), e.StringToSign, SigV4aVectorTests.SignatureOf(authorization)), e.CanonicalRequest);
    }

    [Fact]
    public async Task CurlCommand_SigV4aChunked_SendsEcdsaChunks()
    {
        await using var server = new LoopbackServer();
        string file = Path.GetTempFileName();
        try
        {
            await File.WriteAllBytesAsync(file, new byte[20_000]);
            string url = server.BaseUri.GetLeftPart(UriPartial.Authority) + "/bucket/key";
            var r = await Task.Run(() => CliRunner.Run(["curl", "--sigv4a", "--chunked", "--user", User, "-T", file, url]));
            Assert.True(r.Code == 0, r.ToString());
            var raw = Assert.Single(server.Requests);
            Assert.Equal("STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD", raw.Header("x-amz-content-sha256"));
            Assert.Equal("*", raw.Header("X-Amz-Region-Set"));
            string firstLine = System.Text.Encoding.ASCII.GetString(raw.Body).Split("\r\n")[0];
            Assert.Matches("^[0-9a-f]+;chunk-signature=[0-9a-f]{136,144}\\**$", firstLine);
            Assert.Equal(SigV4aChunkSignatureLength, firstLine.Split('=')[1].Length);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Theory]
    [InlineData("sign", "--region-set", "us-east-1", "--region-set is the region set of a SigV4a signature: add --sigv4a")]
    [InlineData("sign", "--sigv2", "--sigv4a", "--sigv4a and --sigv2 are two signature versions")]
    [InlineData("sign", "--region-set", "us-east-1,,us-west-2", "has an empty region")]
    [InlineData("sign", "--region-set", "us east-1", "contains a space")]
    [InlineData("sign", "--region-set", "us-east-1\r\nX: y", "contains a carriage return (CR)")]
    [InlineData("presign", "--region-set", "*", "add --sigv4a")]
    [InlineData("presign", "--region-set", "", "--region-set is empty")]
    [InlineData("curl", "--region-set", "us-east-1", "add --sigv4a")]
    [InlineData("curl", "--sigv2", "--sigv4a", "pass one")]
    public void SigV4aFlags_BadInput_ExitsTwoWithOneLine(string command, string flag, string value, string message)
    {
        var r = CliRunner.Run([command, flag, value, "https://s3.example.com/b/k", "--aws-sigv4", "aws:amz:us-east-1:s3", "--user", User]);
        CliRunner.AssertUsageError(r, message);
        Assert.DoesNotContain(Secret, r.All, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("sign")]
    [InlineData("presign")]
    [InlineData("curl")]
    public void Help_SigV4aFlags_AreDocumented(string command)
    {
        var r = CliRunner.Run([command, "--help"]);
        Assert.Equal(0, r.Code);
        Assert.Contains("--sigv4a", r.Stdout, StringComparison.Ordinal);
        Assert.Contains("--region-set", r.Stdout, StringComparison.Ordinal);
    }

    private const int SigV4aChunkSignatureLength = Signing.Streaming.SigV4aChunkSigner.SignatureLength;

    /// <summary>The string to sign of an --explain printout on stderr.</summary>
    private static string StringToSign(string stderr)
    {
        string rest = stderr.Split("--- string to sign\n")[1];
        return rest[..rest.IndexOf("\n---", StringComparison.Ordinal)];
    }
}
