using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Signing.S3;

namespace Signing.Cli.Tests;

/// <summary>`sigv presign` (the built executable) against Ceph RGW: its URLs work through a plain HttpClient.</summary>
public sealed class PresignEndToEndTests
{
    [IntegrationTheory(TestServers.Rgw)]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Presign_PutThenGet_UsableByPlainHttpClient(bool sigv2)
    {
        var server = TestServers.Get(TestServers.Rgw);
        string bucket = $"presign-e2e-{Guid.NewGuid():N}"[..40];
        using var s3 = new S3Client(new S3ClientOptions { Endpoint = server.Endpoint, Credentials = new AwsCredentials(server.AccessKey, server.SecretKey) });
        await s3.CreateBucketAsync(bucket);
        try
        {
            string objectUrl = $"{server.Endpoint.ToString().TrimEnd('/')}/{bucket}/notes%20v1.txt";
            string[] auth = ["--user", $"{server.AccessKey}:{server.SecretKey}", .. sigv2 ? new[] { "--sigv2" } : []];

            var put = await SigvProcess.RunAsync(["presign", "--method", "PUT", "--content-type", "text/plain", objectUrl, "--expires", "300", .. auth]);
            Assert.True(put.ExitCode == 0, put.ToString());
            string putUrl = put.Stdout.Trim();
            Assert.DoesNotContain(server.SecretKey, put.Stdout + put.Stderr, StringComparison.Ordinal);

            using var http = new HttpClient();
            byte[] body = Encoding.UTF8.GetBytes("hello from a presigned PUT");
            using (var wrongType = new ByteArrayContent(body))
            {
                wrongType.Headers.ContentType = new MediaTypeHeaderValue("image/png");
                using var refused = await http.PutAsync(putUrl, wrongType);
                Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode); // the bound Content-Type differs
            }

            using (var content = new ByteArrayContent(body))
            {
                content.Headers.ContentType = new MediaTypeHeaderValue("text/plain");
                using var ok = await http.PutAsync(putUrl, content);
                Assert.True(ok.IsSuccessStatusCode, $"{(int)ok.StatusCode}: {await ok.Content.ReadAsStringAsync()}");
            }

            var get = await SigvProcess.RunAsync(["presign", objectUrl, "--expires", "300", .. auth]);
            Assert.True(get.ExitCode == 0, get.ToString());
            Assert.Equal(body, await http.GetByteArrayAsync(get.Stdout.Trim()));
            Assert.Equal(body, await s3.GetObjectBytesAsync(bucket, "notes v1.txt"));

            var head = await SigvProcess.RunAsync(["presign", "--method", "HEAD", objectUrl, .. auth]);
            using (var request = new HttpRequestMessage(HttpMethod.Head, head.Stdout.Trim()))
            using (var response = await http.SendAsync(request))
            {
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                Assert.Equal(body.Length, response.Content.Headers.ContentLength);
            }

            var delete = await SigvProcess.RunAsync(["presign", "--method", "DELETE", objectUrl, .. auth]);
            using (var response = await http.DeleteAsync(delete.Stdout.Trim()))
            {
                Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
            }

            using var gone = await http.GetAsync(get.Stdout.Trim());
            Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        }
        finally
        {
            await s3.DeleteBucketAsync(bucket);
        }
    }

    [IntegrationFact(TestServers.Rgw)]
    public async Task Presign_CredentialsFromEnvironment_UrlWorks()
    {
        var server = TestServers.Get(TestServers.Rgw);
        string bucket = $"presign-e2e-{Guid.NewGuid():N}"[..40];
        using var s3 = new S3Client(new S3ClientOptions { Endpoint = server.Endpoint, Credentials = new AwsCredentials(server.AccessKey, server.SecretKey) });
        await s3.CreateBucketAsync(bucket);
        try
        {
            await s3.PutObjectAsync(bucket, "k", "env"u8.ToArray());
            var env = new Dictionary<string, string> { ["AWS_ACCESS_KEY_ID"] = server.AccessKey, ["AWS_SECRET_ACCESS_KEY"] = server.SecretKey };
            var r = await SigvProcess.RunAsync([ "presign", $"{server.Endpoint.ToString().TrimEnd('/')}/{bucket}/k" ], env);
            Assert.True(r.ExitCode == 0, r.ToString());
            using var http = new HttpClient();
            Assert.Equal("env", await http.GetStringAsync(r.Stdout.Trim()));
            await s3.DeleteObjectAsync(bucket, "k");
        }
        finally
        {
            await s3.DeleteBucketAsync(bucket);
        }
    }

    [Fact]
    public async Task Presign_NoCredentialsAnywhere_ExitsThreeWithOneLine()
    {
        var r = await SigvProcess.RunAsync("presign", "https://s3.example.com/b/k");
        Assert.True(r.ExitCode == 3, r.ToString());
        Assert.Single(r.Stderr.TrimEnd().Split('\n'));
    }
}
