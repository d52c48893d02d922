using System.Net;
using System.Net.Http.Headers;

namespace Signing.S3.Tests.Integration;

/// <summary>
/// Presigned POST uploads as a browser form sends them (multipart/form-data, fields then file),
/// through a plain HttpClient; and bucket CORS rules with the preflights a browser makes. What RGW
/// enforces was found by trying it: the size range, the key prefix, exact fields, the expiration,
/// the signature, and that every field sent is named in the policy.
/// </summary>
public static class PostScenarios
{
    public static async Task UploadAndConditionsAsync(string server, S3Mode mode)
    {
        await using var h = await S3Harness.CreateAsync(server, mode);
        var c = h.Client;
        using var plain = new HttpClient(TestServers.LoopbackHandler());
        var data = S3Harness.RandomBytes(1000);
        var post = c.PresignPost(h.Bucket, "up/${filename}", TimeSpan.FromMinutes(5), new PresignPostOptions
        {
            MinContentLength = 1,
            MaxContentLength = 1000,
            ContentType = "application/octet-stream",
            SuccessActionStatus = 201,
            Metadata = new Dictionary<string, string> { ["origin"] = "form" },
        });
        Assert.Equal(mode.Policy == S3SigningPolicy.SigV4 ? "x-amz-signature" : "signature", post.Fields[^1].Key);

        // Within the policy: 201 with the PostResponse document, the object byte-exact, with its type and metadata.
        using (var ok = await PostAsync(plain, post, data, "photo one.bin"))
        {
            string body = await ok.Content.ReadAsStringAsync();
            Assert.True(ok.StatusCode == HttpStatusCode.Created, $"{(int)ok.StatusCode} {body}");
            Assert.Contains("<Key>up/photo one.bin</Key>", body);
        }

        Assert.Equal(data, await c.GetObjectBytesAsync(h.Bucket, "up/photo one.bin"));
        var head = await c.HeadObjectAsync(h.Bucket, "up/photo one.bin");
        Assert.Equal("application/octet-stream", head.ContentType);
        Assert.Equal("form", head.Metadata["origin"]);

        // Over the size range, empty (under it), outside the prefix, another Content-Type, a field the policy does not name.
        await AssertRefusedAsync(plain, post, new byte[1001], "EntityTooLarge");
        await AssertRefusedAsync(plain, post, [], "EntityTooSmall");
        await AssertRefusedAsync(plain, post, data, "AccessDenied", ("key", "other/x.bin"));
        await AssertRefusedAsync(plain, post, data, "AccessDenied", ("Content-Type", "text/html"));
        await AssertRefusedAsync(plain, post, data, "AccessDenied", ("x-amz-meta-extra", "1"));

        // A signature for another policy.
        var tampered = post.Fields.Select(f => f.Key == "policy" ? new KeyValuePair<string, string>(f.Key, f.Value[..^4] + "AAA=") : f).ToList();
        await AssertRefusedAsync(plain, post.Url, tampered, data, "AccessDenied");

        Assert.Empty((await c.ListObjectsV2Async(h.Bucket, new ListObjectsOptions { Prefix = "other/" })).Objects);
    }

    public static async Task ExpiredRefusedAsync(string server, S3Mode mode)
    {
        await using var h = await S3Harness.CreateAsync(server, mode);
        using var plain = new HttpClient(TestServers.LoopbackHandler());
        var post = h.Client.PresignPost(h.Bucket, "late.txt", TimeSpan.FromSeconds(1));
        await Task.Delay(TimeSpan.FromSeconds(2.5));

        string message = await AssertRefusedAsync(plain, post, "late"u8.ToArray(), "AccessDenied");
        Assert.Contains("expired", message, StringComparison.OrdinalIgnoreCase);
    }

    public static async Task CorsRoundTripAsync(string server, S3Mode mode)
    {
        await using var h = await S3Harness.CreateAsync(server, mode);
        var c = h.Client;
        using var plain = new HttpClient(TestServers.LoopbackHandler());
        const string origin = "http://127.0.0.1:9";
        var ex = await Assert.ThrowsAsync<S3Exception>(() => c.GetBucketCorsAsync(h.Bucket));
        Assert.Equal("NoSuchCORSConfiguration", ex.Code);
        Assert.Equal(HttpStatusCode.Forbidden, await PreflightAsync(plain, c.GetPublicUrl(h.Bucket, "x"), origin));

        var rules = new S3CorsRule[]
        {
            new() { Id = "uploads", AllowedOrigins = [origin], AllowedMethods = ["PUT", "POST"], AllowedHeaders = ["*"], ExposeHeaders = ["ETag"], MaxAgeSeconds = 60 },
            new() { AllowedOrigins = ["*"], AllowedMethods = ["GET"] },
        };
        await c.PutBucketCorsAsync(h.Bucket, rules);

        var back = await c.GetBucketCorsAsync(h.Bucket);
        Assert.Equal(2, back.Count);
        Assert.Equal("uploads", back[0].Id);
        Assert.Equal([origin], back[0].AllowedOrigins);
        Assert.Equal(["PUT", "POST"], back[0].AllowedMethods.Order().Reverse());
        Assert.Equal(["*"], back[0].AllowedHeaders);
        Assert.Equal(["ETag"], back[0].ExposeHeaders);
        Assert.Equal(60, back[0].MaxAgeSeconds);
        Assert.Equal(["GET"], back[1].AllowedMethods);
        Assert.Equal(HttpStatusCode.OK, await PreflightAsync(plain, c.GetPublicUrl(h.Bucket, "x"), origin));

        await c.DeleteBucketCorsAsync(h.Bucket);
        Assert.Equal("NoSuchCORSConfiguration", (await Assert.ThrowsAsync<S3Exception>(() => c.GetBucketCorsAsync(h.Bucket))).Code);
        Assert.Equal(HttpStatusCode.Forbidden, await PreflightAsync(plain, c.GetPublicUrl(h.Bucket, "x"), origin));
    }

    private static async Task<HttpStatusCode> PreflightAsync(HttpClient plain, Uri url, string origin)
    {
        using var request = new HttpRequestMessage(HttpMethod.Options, url);
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", "PUT");
        using var response = await plain.SendAsync(request);
        if (response.IsSuccessStatusCode)
        {
            Assert.Equal(origin, response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        }

        return response.StatusCode;
    }

    private static Task<HttpResponseMessage> PostAsync(HttpClient plain, S3PresignedPost post, byte[] file, string fileName = "f.bin", params (string Name, string Value)[] replace) =>
        PostAsync(plain, post.Url, [.. post.Fields.Select(f => replace.FirstOrDefault(r => r.Name == f.Key) is { Name: not null } r ? new KeyValuePair<string, string>(f.Key, r.Value) : f), .. replace.Where(r => !post.Fields.Any(f => f.Key == r.Name)).Select(r => new KeyValuePair<string, string>(r.Name, r.Value))], file, fileName);

    /// <summary>A form post as a browser sends it: the fields in order, then the file, last.</summary>
    private static async Task<HttpResponseMessage> PostAsync(HttpClient plain, Uri url, IEnumerable<KeyValuePair<string, string>> fields, byte[] file, string fileName)
    {
        var form = new MultipartFormDataContent();
        foreach (var (name, value) in fields)
        {
            form.Add(new StringContent(value), name);
        }

        var content = new ByteArrayContent(file);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(content, "file", fileName);
        return await plain.PostAsync(url, form);
    }

    private static async Task<string> AssertRefusedAsync(HttpClient plain, S3PresignedPost post, byte[] file, string code, params (string Name, string Value)[] replace)
    {
        using var response = await PostAsync(plain, post, file, "f.bin", replace);
        return await CheckRefusedAsync(response, code);
    }

    private static async Task AssertRefusedAsync(HttpClient plain, Uri url, List<KeyValuePair<string, string>> fields, byte[] file, string code)
    {
        using var response = await PostAsync(plain, url, fields, file, "f.bin");
        await CheckRefusedAsync(response, code);
    }

    private static async Task<string> CheckRefusedAsync(HttpResponseMessage response, string code)
    {
        string body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.Forbidden, $"{(int)response.StatusCode} {body}");
        Assert.Contains($"<Code>{code}</Code>", body);
        return body;
    }
}
