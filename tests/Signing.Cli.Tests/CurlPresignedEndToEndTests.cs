using System.Security.Cryptography;
using Signing.S3;
using Signing.Tests.Cli;

namespace Signing.Cli.Tests;

/// <summary>
/// Issue 10, item 4, end to end: the provider guides' "upload/download with the presigned URL using
/// curl" steps (<c>curl -X PUT -T file "$URL"</c>, <c>curl -o f "$URL"</c>) work unchanged as
/// <c>sigv curl</c>, with URLs from <c>sigv s3 presign</c>, even with credentials in the environment;
/// and with no credentials anywhere, <c>sigv curl</c> sends unsigned as curl does.
/// </summary>
public sealed class CurlPresignedEndToEndTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sigv-presigned-e2e-").FullName;

    private static TestServer Server => TestServers.Get(TestServers.Rgw);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [IntegrationTheory(TestServers.Rgw)]
    [InlineData("v4")]
    [InlineData("v2")]
    public async Task SigvCurl_PresignedUrlsFromS3Presign_GuideStepsRunUnchanged(string signature)
    {
        using var s3 = Rgw.Client();
        string bucket = $"sigv-presigned-{Guid.NewGuid():N}"[..30];
        await s3.CreateBucketAsync(bucket);
        try
        {
            var env = Rgw.Environment();
            byte[] data = RandomNumberGenerator.GetBytes(300_000);
            string file = Path.Combine(_dir, "report.bin");
            await File.WriteAllBytesAsync(file, data);

            var put = await SigvProcess.RunAsync(["s3", "presign", $"s3://{bucket}/report.bin", "--method", "PUT", "--signature", signature], env);
            Assert.True(put.ExitCode == 0, put.ToString());
            var upload = await SigvProcess.RunAsync(["curl", "-f", "-X", "PUT", "-T", file, put.Stdout.Trim()], env);
            Assert.True(upload.ExitCode == 0, upload.ToString());
            Assert.Equal(string.Empty, upload.Stderr);
            Assert.Equal(data, await s3.GetObjectBytesAsync(bucket, "report.bin"));

            var get = await SigvProcess.RunAsync(["s3", "presign", $"s3://{bucket}/report.bin", "--signature", signature], env);
            string downloaded = Path.Combine(_dir, "downloaded.bin");
            var download = await SigvProcess.RunAsync(["curl", "-f", "-o", downloaded, get.Stdout.Trim()], env);
            Assert.True(download.ExitCode == 0, download.ToString());
            Assert.Equal(data, await File.ReadAllBytesAsync(downloaded));

            // Signing flags too: still sent as typed, and said once on stderr.
            var flagged = await SigvProcess.RunAsync(["curl", "-f", "-o", downloaded, "--aws-sigv4", "aws:amz:us-east-1:s3", "--user", $"{Server.AccessKey}:{Server.SecretKey}", get.Stdout.Trim()]);
            Assert.True(flagged.ExitCode == 0, flagged.ToString());
            Assert.StartsWith("sigv: the URL is already signed", flagged.Stderr, StringComparison.Ordinal);
            Assert.Single(flagged.Stderr.Trim().Split('\n'));
        }
        finally
        {
            await SigvProcess.RunAsync(["s3", "rb", "--force", $"s3://{bucket}", "--endpoint-url", Server.Endpoint.ToString(), "--user", $"{Server.AccessKey}:{Server.SecretKey}"]);
        }
    }

    [Fact]
    public async Task SigvCurl_NoCredentialsAnywhere_SentUnsignedAsCurl()
    {
        await using var server = new ScriptedServer(_ => ServerAnswer.Full("200 OK", "public"));
        var r = await SigvProcess.RunAsync(["curl", "-v", server.Url + "/public/k"]);
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal("public", r.Stdout);
        Assert.Contains("* no credentials found (", r.Stderr, StringComparison.Ordinal);
        Assert.Contains("sent unsigned", r.Stderr, StringComparison.Ordinal);
        var sent = Assert.Single(server.Requests);
        Assert.False(sent.Has("Authorization"));
        Assert.False(sent.Has("X-Amz-Date"));

        foreach (string[] flags in new[] { new[] { "--aws-sigv4", "aws:amz:us-east-1:s3" }, ["--profile", "nobody"] })
        {
            var asked = await SigvProcess.RunAsync(["curl", .. flags, server.Url + "/public/k"]);
            Assert.True(asked.ExitCode == 3, asked.ToString());
            Assert.Single(asked.Stderr.Trim().Split('\n'));
        }
    }
}
