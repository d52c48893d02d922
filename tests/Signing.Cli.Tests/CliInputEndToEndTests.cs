using Signing.Tests.Cli;

namespace Signing.Cli.Tests;

/// <summary>
/// Issue 10, items 2, 3 and 8 through the built sigv: what used to end in a .NET stack dump (exit
/// 134) ends in one line and a documented exit code, and a secret typed where the access key goes
/// is never echoed.
/// </summary>
public sealed class CliInputEndToEndTests : IDisposable
{
    private const string User = "AKIAIOSFODNN7EXAMPLE:wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    private readonly string _dir = Directory.CreateTempSubdirectory("sigv-input-e2e-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    public static TheoryData<string[]> FormerCrashes => new()
    {
        { ["s3", "cp", "FILE", "s3://b/k", "--content-type", ""] },
        { ["s3", "cp", "FILE", "s3://b/k", "--content-type", "text/plain\r\nX-Injected: b"] },
        { ["s3", "cp", "FILE", "s3://b/k", "--multipart-threshold", "99999999999TB"] },
        { ["curl", "-X", "GE T", "ENDPOINT/b/k"] },
        { ["s3", "ls", "s3://" + new string('b', 70_000)] },
        { ["sign", "-H", "X-A: a\r\nX-Injected: b", "ENDPOINT/b/k", "--aws-sigv4", "aws:amz:us-east-1:s3"] },
        { ["presign", "--method", "PUT", "--content-type", "a\r\nb", "ENDPOINT/b/k"] },
    };

    [Theory]
    [MemberData(nameof(FormerCrashes))]
    public async Task Sigv_FormerCrash_UsageErrorOneLineNothingSent(string[] template)
    {
        await using var server = new ScriptedServer();
        string file = Path.Combine(_dir, "f.txt");
        await File.WriteAllTextAsync(file, "x");
        string[] args = [.. template.Select(a => a == "FILE" ? file : a.Replace("ENDPOINT", server.Url, StringComparison.Ordinal))];
        string[] extra = args[0] == "s3" ? ["--endpoint-url", server.Url] : [];
        var r = await SigvProcess.RunAsync([.. args, .. extra, "--user", User]);
        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.Single(r.Stderr.TrimEnd('\n').Split('\n'));
        Assert.StartsWith("sigv: ", r.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", r.Stderr, StringComparison.Ordinal);
        Assert.Equal(0, server.Connections);
    }

    [Fact]
    public async Task SigvS3Cp_ContentTypeFoo_SentAsGiven()
    {
        await using var server = new ScriptedServer(_ => ServerAnswer.Full("200 OK", string.Empty, "ETag: \"abc\""));
        string file = Path.Combine(_dir, "f.txt");
        await File.WriteAllTextAsync(file, "x");
        var r = await SigvProcess.RunAsync(["s3", "cp", file, "s3://b/k", "--content-type", "foo", "--endpoint-url", server.Url, "--user", User]);
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal("foo", Assert.Single(server.Requests).Header("Content-Type"));
    }

    [Theory]
    [InlineData("curl")]
    [InlineData("sign")]
    [InlineData("presign")]
    [InlineData("s3")]
    public async Task Sigv_AccessKeyVariableHoldingTheSecret_NeverEchoed(string command)
    {
        await using var server = new ScriptedServer();
        const string secret = "SECRETzq9/K7MDENG/bPxRfiCYEXAMPLEKEY0123";
        var env = new Dictionary<string, string> { ["AWS_ACCESS_KEY_ID"] = secret, ["AWS_SECRET_ACCESS_KEY"] = "AKIAIOSFODNN7EXAMPLE" };
        string[] args = command switch
        {
            "curl" => ["curl", "-v", server.Url + "/b/k"],
            "sign" => ["sign", server.Url + "/b/k", "--aws-sigv4", "aws:amz:us-east-1:s3"],
            "presign" => ["presign", server.Url + "/b/k"],
            _ => ["s3", "ls", "s3://b", "--endpoint-url", server.Url],
        };
        var r = await SigvProcess.RunAsync(args, env);
        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.Single(r.Stderr.TrimEnd('\n').Split('\n'));
        Assert.Contains("values not shown", r.Stderr, StringComparison.Ordinal);
        Assert.Contains("AWS_ACCESS_KEY_ID", r.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("SECRETzq9", r.ToString(), StringComparison.Ordinal);
        Assert.Equal(0, server.Connections);
    }
}
