using Signing.Tests.Cli;

namespace Signing.Cli.Tests;

/// <summary>
/// Issue 10, item 10, through the built sigv with the credentials in the environment
/// (AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN): against a server whose SignatureDoesNotMatch answer
/// quotes the token, no output shows the secret, the token or a signing key, except the signed
/// request that sign, presign and s3 presign print.
/// </summary>
public sealed class CliSecretsEndToEndTests
{
    [Theory]
    [InlineData("curl -v --explain -i URL", false)]
    [InlineData("curl --sigv2 -v URL", false)]
    [InlineData("s3 ls s3://b/ --endpoint-url EP", false)]
    [InlineData("s3 cat s3://b/k --endpoint-url EP --signature v2", false)]
    [InlineData("s3 rm s3://b/k --endpoint-url EP", false)]
    [InlineData("sign --explain URL --aws-sigv4 aws:amz:us-east-1:s3", true)]
    [InlineData("presign URL", true)]
    [InlineData("s3 presign s3://b/k --endpoint-url EP", true)]
    public async Task Sigv_CredentialsFromTheEnvironment_NoOutputLeaks(string command, bool printsSignedRequest)
    {
        await using var server = new ScriptedServer(SecretForms.EchoingMismatch);
        var env = new Dictionary<string, string>
        {
            ["AWS_ACCESS_KEY_ID"] = SecretForms.AccessKey,
            ["AWS_SECRET_ACCESS_KEY"] = SecretForms.Secret,
            ["AWS_SESSION_TOKEN"] = SecretForms.Token,
        };
        string[] args = [.. command.Split(' ').Select(a => a == "URL" ? server.Url + "/b/k" : a == "EP" ? server.Url : a)];
        var r = await SigvProcess.RunAsync(args, env);
        Assert.Contains(r.ExitCode, ExitCodes.All);
        SecretForms.AssertNoLeak(command, r.Stderr, "stderr");
        string stdout = r.Stdout;
        if (printsSignedRequest)
        {
            Assert.True(r.ExitCode == 0, r.ToString());
            Assert.True(stdout.Contains(SecretForms.Token, StringComparison.Ordinal) || stdout.Contains(SecretForms.EncodedToken[0], StringComparison.Ordinal), r.ToString());
            stdout = stdout.Replace(SecretForms.Token, string.Empty, StringComparison.Ordinal).Replace(SecretForms.EncodedToken[0], string.Empty, StringComparison.Ordinal);
        }

        SecretForms.AssertNoLeak(command, stdout, "stdout");
    }
}
