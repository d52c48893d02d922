using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace Signing.Cli.Tests;

/// <summary><c>sigv s3 presign-post</c> and <c>sigv s3 cors</c> run as a process against Ceph RGW, each test on its own bucket.</summary>
public sealed class S3PostCorsEndToEndTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sigv-post-e2e-").FullName;
    private readonly List<string> _buckets = [];

    public void Dispose()
    {
        foreach (string bucket in _buckets)
        {
            SigvProcess.RunAsync(["s3", "rb", "--force", "--quiet", $"s3://{bucket}"], Rgw.Environment()).GetAwaiter().GetResult();
        }

        Directory.Delete(_dir, recursive: true);
    }

    [IntegrationTheory(TestServers.Rgw)]
    [InlineData("v4", "x-amz-signature")]
    [InlineData("v2", "signature")]
    public async Task SigvS3_PresignPost_JsonFieldsUploadUnderThePrefix(string signature, string signatureField)
    {
        string bucket = await NewBucketAsync();
        var r = await OkAsync("s3", "presign-post", $"s3://{bucket}/in/", "--expires-in", "120", "--content-length-range", "1,1KB", "--content-type", "text/plain", "--acl", "private", "--signature", signature);
        using var doc = JsonDocument.Parse(r.Stdout);
        var url = new Uri(doc.RootElement.GetProperty("url").GetString()!);
        var fields = doc.RootElement.GetProperty("fields").EnumerateObject().Select(p => new KeyValuePair<string, string>(p.Name, p.Value.GetString()!)).ToList();
        Assert.Equal($"{Rgw.Server.Endpoint.ToString().TrimEnd('/')}/{bucket}", url.ToString());
        Assert.Equal("in/${filename}", fields.Single(f => f.Key == "key").Value);
        Assert.Equal(signatureField, fields[^1].Key);

        using var http = new HttpClient();
        using (var ok = await http.PostAsync(url, Form(fields, "note.txt", "hello"u8.ToArray())))
        {
            Assert.True(ok.StatusCode == HttpStatusCode.NoContent, $"{(int)ok.StatusCode} {await ok.Content.ReadAsStringAsync()}");
        }

        using var client = Rgw.Client();
        Assert.Equal("hello"u8.ToArray(), await client.GetObjectBytesAsync(bucket, "in/note.txt"));
        using var large = await http.PostAsync(url, Form(fields, "big.txt", new byte[1025]));
        Assert.Contains("<Code>EntityTooLarge</Code>", await large.Content.ReadAsStringAsync());
    }

    [IntegrationFact(TestServers.Rgw)]
    public async Task SigvS3_PresignPostHtml_FormWithEveryFieldThenTheFile()
    {
        string bucket = await NewBucketAsync();

        var r = await OkAsync("s3", "presign-post", $"s3://{bucket}/a b&c.txt", "--html");

        Assert.StartsWith("<!doctype html>", r.Stdout);
        Assert.Contains($"<form action=\"{Rgw.Server.Endpoint.ToString().TrimEnd('/')}/{bucket}\" method=\"post\" enctype=\"multipart/form-data\">", r.Stdout);
        Assert.Contains("<input type=\"hidden\" name=\"key\" value=\"a b&amp;c.txt\">", r.Stdout);
        Assert.Contains("name=\"x-amz-signature\"", r.Stdout);
        Assert.True(r.Stdout.IndexOf("name=\"x-amz-signature\"", StringComparison.Ordinal) < r.Stdout.IndexOf("name=\"file\"", StringComparison.Ordinal));
    }

    [IntegrationFact(TestServers.Rgw)]
    public async Task SigvS3_CorsPutGetDelete_AwsCliJsonRoundTrips()
    {
        string bucket = await NewBucketAsync();
        string file = Path.Combine(_dir, "cors.json");
        await File.WriteAllTextAsync(file, """
            {"CORSRules": [{"ID": "web", "AllowedOrigins": ["https://app.example.com"], "AllowedMethods": ["PUT", "POST"],
                            "AllowedHeaders": ["*"], "ExposeHeaders": ["ETag"], "MaxAgeSeconds": 3000}]}
            """);

        var none = await SigvProcess.RunAsync(["s3", "cors", "get", $"s3://{bucket}"], Rgw.Environment());
        Assert.Equal(1, none.ExitCode);
        Assert.Contains("NoSuchCORSConfiguration", none.Stderr);
        Assert.Contains("sigv s3 cors put", none.Stderr);

        Assert.Equal($"cors: 1 rule set on s3://{bucket}\n", (await OkAsync("s3", "cors", "put", $"s3://{bucket}", "file://" + file)).Stdout);
        string got = (await OkAsync("s3", "cors", "get", $"s3://{bucket}")).Stdout;
        using (var doc = JsonDocument.Parse(got))
        {
            var rule = Assert.Single(doc.RootElement.GetProperty("CORSRules").EnumerateArray());
            Assert.Equal("web", rule.GetProperty("ID").GetString());
            Assert.Equal(["POST", "PUT"], rule.GetProperty("AllowedMethods").EnumerateArray().Select(m => m.GetString()).Order());
            Assert.Equal("https://app.example.com", rule.GetProperty("AllowedOrigins")[0].GetString());
            Assert.Equal(3000, rule.GetProperty("MaxAgeSeconds").GetInt32());
        }

        // What get prints is what put takes (standard input here).
        var again = await SigvProcess.RunAsync(["s3", "cors", "put", $"s3://{bucket}", "-"], Rgw.Environment(), stdin: System.Text.Encoding.UTF8.GetBytes(got));
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Equal(got, (await OkAsync("s3", "cors", "get", $"s3://{bucket}")).Stdout);

        Assert.Equal($"cors: rules removed from s3://{bucket}\n", (await OkAsync("s3", "cors", "delete", $"s3://{bucket}")).Stdout);
        Assert.Equal(1, (await SigvProcess.RunAsync(["s3", "cors", "get", $"s3://{bucket}"], Rgw.Environment())).ExitCode);
    }

    [Theory]
    [InlineData("presign-post s3://b/k --content-length-range 5", "is not MIN,MAX")]
    [InlineData("presign-post s3://b/k --content-length-range 9,1", "MIN is larger than MAX")]
    [InlineData("presign-post s3://b/k --method PUT", "--method does not apply here")]
    [InlineData("cors put s3://b", "takes s3://BUCKET FILE")]
    [InlineData("cors list s3://b", "unknown action 'list'")]
    [InlineData("cors get s3://b/key", "names a key")]
    public async Task SigvS3_PostAndCorsUsageErrors_Exit2(string args, string expected)
    {
        // Usage errors send nothing: dummy credentials and an endpoint nothing listens on.
        var env = new Dictionary<string, string> { ["AWS_ACCESS_KEY_ID"] = "AKIDEXAMPLE", ["AWS_SECRET_ACCESS_KEY"] = "secret", ["AWS_ENDPOINT_URL_S3"] = "http://127.0.0.1:9" };
        var r = await SigvProcess.RunAsync(["s3", .. args.Split(' ')], env);

        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.Contains(expected, r.Stderr);
    }

    private static MultipartFormDataContent Form(List<KeyValuePair<string, string>> fields, string name, byte[] data)
    {
        var form = new MultipartFormDataContent();
        foreach (var (key, value) in fields)
        {
            form.Add(new StringContent(value), key);
        }

        var file = new ByteArrayContent(data);
        file.Headers.ContentType = new MediaTypeHeaderValue("text/plain");
        form.Add(file, "file", name);
        return form;
    }

    private async Task<string> NewBucketAsync()
    {
        string bucket = $"s3cli-e2e-post-{Guid.NewGuid():N}"[..30];
        await OkAsync("s3", "mb", $"s3://{bucket}");
        _buckets.Add(bucket);
        return bucket;
    }

    private static async Task<SigvResult> OkAsync(params string[] args)
    {
        var r = await SigvProcess.RunAsync(args, Rgw.Environment());
        Assert.True(r.ExitCode == 0, r.ToString());
        return r;
    }
}
