namespace Signing.Tests.Cli;

/// <summary>
/// Issue 10, item 4: <c>sigv curl</c> sends a URL that is already signed (SigV4 <c>X-Amz-Signature</c>,
/// or SigV2 <c>Signature</c> with <c>Expires</c>) exactly as typed, with no signature of its own, even
/// when signing flags are given (saying so on stderr, not with -s).
/// </summary>
public sealed class CurlPresignedUrlTests
{
    private const string User = "AKIAIOSFODNN7EXAMPLE:wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    private const string V4Query = "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIDEXAMPLE%2F20240101%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=20240101T000000Z&X-Amz-Expires=300&X-Amz-SignedHeaders=host&X-Amz-Signature=0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    private const string V2Query = "AWSAccessKeyId=AKIDEXAMPLE&Expires=1700000000&Signature=abc%2Bdef%3D";

    [Theory]
    [InlineData(V4Query)]
    [InlineData(V2Query)]
    [InlineData("x-amz-signature=abc&X-Amz-Date=20240101T000000Z")]
    public async Task Curl_PresignedUrlWithSigningFlags_SentAsTypedUnsignedSaidOnce(string query)
    {
        await using var server = new ScriptedServer(_ => ServerAnswer.Full("200 OK", "object body"));
        var r = await CliRunner.RunAsync(["curl", "--aws-sigv4", "aws:amz:us-east-1:s3", "--user", User, "--session-token", "TOKENxy7TOKENxy7", $"{server.Url}/b/k?{query}"]);
        Assert.True(r.Code == 0, r.ToString());
        Assert.Equal("object body", r.Stdout);
        var sent = Assert.Single(server.Requests);
        Assert.Equal($"/b/k?{query}", sent.Target);
        foreach (string name in new[] { "Authorization", "X-Amz-Date", "X-Amz-Content-SHA256", "X-Amz-Security-Token" })
        {
            Assert.False(sent.Has(name), $"{name} was sent: {string.Join(", ", sent.Headers)}");
        }

        var line = Assert.Single(r.StderrLines);
        Assert.StartsWith("sigv: the URL is already signed (", line, StringComparison.Ordinal);
        Assert.Contains("sent as typed, unsigned", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Curl_PresignedUrlSilent_NothingOnStderr()
    {
        await using var server = new ScriptedServer(_ => ServerAnswer.Full("200 OK", "x"));
        var r = await CliRunner.RunAsync(["curl", "-s", "--user", User, $"{server.Url}/b/k?{V4Query}"]);
        Assert.True(r.Code == 0, r.ToString());
        Assert.Equal(string.Empty, r.Stderr);
        Assert.False(Assert.Single(server.Requests).Has("Authorization"));
    }

    [Fact]
    public async Task Curl_PresignedUrlVerbose_SaysItIsSentUnsigned()
    {
        await using var server = new ScriptedServer(_ => ServerAnswer.Full("200 OK", "x"));
        var r = await CliRunner.RunAsync(["curl", "-v", $"{server.Url}/b/k?{V4Query}"]);
        Assert.True(r.Code == 0, r.ToString());
        Assert.Contains("* the URL is already signed (X-Amz-Signature in its query): sent as typed, unsigned", r.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("> Authorization", r.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("sigv: ", r.Stderr, StringComparison.Ordinal); // no signing flag: no warning
    }

    [Fact]
    public async Task Curl_PresignedPutWithUploadFile_BodySentUnhashed()
    {
        await using var server = new ScriptedServer(_ => ServerAnswer.Full("200 OK", string.Empty));
        string file = Path.Combine(Path.GetTempPath(), $"sigv-presigned-{Guid.NewGuid():N}.bin");
        File.WriteAllBytes(file, [1, 2, 3, 4]);
        try
        {
            var r = await CliRunner.RunAsync(["curl", "-X", "PUT", "-T", file, $"{server.Url}/b/k?{V4Query}"]);
            Assert.True(r.Code == 0, r.ToString());
            var sent = Assert.Single(server.Requests);
            Assert.Equal("PUT", sent.Method);
            Assert.Equal(new byte[] { 1, 2, 3, 4 }, sent.Body);
            Assert.False(sent.Has("X-Amz-Content-SHA256"));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void Curl_PresignedUrlWithChunked_UsageError() =>
        CliRunner.AssertUsageError(CliRunner.Run(["curl", "--chunked", "-d", "x", "--user", User, $"http://127.0.0.1:1/b/k?{V4Query}"]), "drop --chunked");

    [Theory]
    [InlineData("Signature=abc")]
    [InlineData("Expires=1700000000")]
    [InlineData("X-Amz-Signature-Not=1")]
    public async Task Curl_QueryThatOnlyLooksSigned_SignedAsUsual(string query)
    {
        await using var server = new ScriptedServer(_ => ServerAnswer.Full("200 OK", "x"));
        var r = await CliRunner.RunAsync(["curl", "--user", User, $"{server.Url}/b/k?{query}"]);
        Assert.True(r.Code == 0, r.ToString());
        Assert.StartsWith("AWS4-HMAC-SHA256 ", Assert.Single(server.Requests).Header("Authorization"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Curl_VerbosePresignedUrlWithToken_TokenRedactedInRequestLine()
    {
        await using var server = new ScriptedServer(_ => ServerAnswer.Full("200 OK", "x"));
        var r = await CliRunner.RunAsync(["curl", "-v", $"{server.Url}/b/k?X-Amz-Security-Token=TOKENxy7%2Fsecret&{V4Query}"]);
        Assert.True(r.Code == 0, r.ToString());
        Assert.Contains("> GET /b/k?X-Amz-Security-Token=<redacted>&X-Amz-Algorithm=", r.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("TOKENxy7", r.Stderr, StringComparison.Ordinal);
    }
}
