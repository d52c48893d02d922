namespace Signing.Tests.Cli;

/// <summary>
/// Issue 10, item 10: with distinctive secret and token values, no output of any subcommand
/// (stdout, stderr, -v, --explain, usage and network errors, a SignatureDoesNotMatch answer that
/// quotes the canonical request with the token) shows the secret, the token (raw or URL-encoded)
/// or a derived signing key (hex or base64) — except what sign, presign and s3 presign exist to
/// print: the signed headers and the presigned URL, which carry the token and nothing else secret.
/// </summary>
public sealed class CliSecretsTests : IAsyncLifetime, IDisposable
{
    private const string AccessKey = SecretForms.AccessKey;
    private const string Secret = SecretForms.Secret;
    private const string Token = SecretForms.Token;
    private readonly string _dir = Directory.CreateTempSubdirectory("sigv-secrets-").FullName;
    private ScriptedServer _server = null!;

    private static string[] EncodedToken => SecretForms.EncodedToken;

    public Task InitializeAsync()
    {
        _server = new ScriptedServer(SecretForms.EchoingMismatch);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    public static TheoryData<string> Cases => new()
    {
        "curl URL", "curl -v URL", "curl -v --explain -i URL", "curl -f URL", "curl --fail-with-body URL", "curl -sS URL",
        "curl --sigv2 -v --explain URL", "curl --unsigned-payload -v -X PUT -d x URL", "curl --chunked -v -X PUT -T FILE URL",
        "curl -v CLOSED", "curl -H X-Bad:\u0001 URL", "curl -v -o DIR/out.xml URL", "curl --aws-sigv4 aws:amz:us-east-1:iam -v URL",
        "sign --explain URL --aws-sigv4 aws:amz:us-east-1:s3", "sign --presign --explain URL --aws-sigv4 aws:amz:us-east-1:s3",
        "sign --sigv2 --explain URL", "sign --sigv2 --presign --explain URL", "sign --date 20150830T123600Z --explain URL --aws-sigv4 aws:amz:us-east-1:s3",
        "sign URL --bogus", "presign URL", "presign --sigv2 URL", "presign --method PUT --content-type text/plain URL",
        "s3 ls", "s3 ls s3://b/", "s3 ls s3://b/ --signature v2", "s3 mb s3://b", "s3 rb s3://b", "s3 cp FILE s3://b/k",
        "s3 cp FILE s3://b/k --signature hybrid", "s3 cp s3://b/k DIR/down.bin", "s3 cp s3://b/k -", "s3 cp s3://b/k s3://c/k",
        "s3 rm s3://b/k", "s3 rm s3://b/d --recursive", "s3 cat s3://b/k", "s3 presign s3://b/k", "s3 presign s3://b/k --signature v2",
        "s3 presign s3://b/k --method PUT", "s3 ls --bogus", "s3 ls CLOSEDEP", "s3 rb s3://b --force",
    };

    /// <summary>Which cases may print the token on standard output: the signed request itself.</summary>
    internal static bool PrintsSignedRequest(string command) =>
        (command.StartsWith("sign ", StringComparison.Ordinal) && !command.Contains("--bogus", StringComparison.Ordinal))
        || command.StartsWith("presign ", StringComparison.Ordinal)
        || command.StartsWith("s3 presign ", StringComparison.Ordinal);

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Sigv_EveryOutput_NoSecretTokenOrSigningKey(string command)
    {
        var r = await CliRunner.RunAsync(Args(command)).WaitAsync(TimeSpan.FromSeconds(60));
        AssertNoLeak(command, r.Stderr, "stderr");
        if (PrintsSignedRequest(command))
        {
            // What the command exists to print: the token is in it, the secret and keys never.
            Assert.True(r.Code == 0, r.ToString());
            Assert.True(r.Stdout.Contains(Token, StringComparison.Ordinal) || EncodedToken.Any(t => r.Stdout.Contains(t, StringComparison.Ordinal)), $"{command}: the signed request lacks the token:\n{r}");
            AssertNoLeak(command, r.Stdout.Replace(Token, string.Empty, StringComparison.Ordinal).Replace(EncodedToken[0], string.Empty, StringComparison.Ordinal), "stdout");
        }
        else
        {
            AssertNoLeak(command, r.Stdout, "stdout");
        }

        Assert.Contains(r.Code, Signing.Cli.ExitCodes.All);
        foreach (string file in Directory.EnumerateFiles(_dir).Where(f => !f.EndsWith("up.bin", StringComparison.Ordinal)))
        {
            AssertNoLeak(command, File.ReadAllText(file), Path.GetFileName(file));
        }
    }

    [Fact]
    public async Task Curl_MismatchAnswerQuotingTheToken_ExplainedOnOneLineBodyStillXml()
    {
        var r = await CliRunner.RunAsync(Args("curl URL"));
        Assert.True(r.Code == 0, r.ToString());
        string line = Assert.Single(r.StderrLines);
        Assert.Contains("canonical request line 4: server has \"x-amz-security-token:<redacted>\"", line, StringComparison.Ordinal);
        var xml = System.Xml.Linq.XDocument.Parse(r.Stdout);
        Assert.Equal("x-amz-security-token:[redacted]", xml.Root!.Element("CanonicalRequest")!.Value.Split('\n')[3]);
    }

    private static void AssertNoLeak(string command, string output, string where) => SecretForms.AssertNoLeak(command, output, where);

    private string[] Args(string command)
    {
        string file = Path.Combine(_dir, "up.bin");
        File.WriteAllText(file, "upload");
        var args = command.Split(' ').Select(a => a
            .Replace("CLOSEDEP", "--endpoint-url http://127.0.0.1:1", StringComparison.Ordinal)
            .Replace("CLOSED", "http://127.0.0.1:1/b/k", StringComparison.Ordinal)
            .Replace("URL", _server.Url + "/b/k", StringComparison.Ordinal)
            .Replace("FILE", file, StringComparison.Ordinal)
            .Replace("DIR", _dir, StringComparison.Ordinal)).SelectMany(a => a.Split(' ')).ToList();
        args.AddRange(["--user", $"{AccessKey}:{Secret}", "--session-token", Token]);
        if (args[0] == "s3" && !args.Contains("--endpoint-url"))
        {
            args.AddRange(["--endpoint-url", _server.Url]);
        }

        return [.. args];
    }
}
