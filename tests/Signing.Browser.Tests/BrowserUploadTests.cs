using System.Net;
using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;
using Signing.S3;

namespace Signing.Browser.Tests;

/// <summary>
/// Browser uploads proven in headless Chromium against RGW: a page on another origin uploads
/// through forms carrying presigned POST fields (SigV4 and SigV2), RGW refuses the forms that break
/// their policy and the page shows why, and fetch() PUTs to a presigned URL are blocked until the
/// bucket has CORS. The screenshot of the page is saved to
/// <c>bin/Release/net10.0/browser-screenshots/browser-uploads.png</c> under this project.
/// </summary>
public sealed class BrowserUploadTests : IDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);
    private readonly string _files = Directory.CreateTempSubdirectory("browser-upload-").FullName;

    public void Dispose() => Directory.Delete(_files, recursive: true);

    [BrowserFact]
    public async Task Chromium_PresignedPostAndCors_AgainstRgw()
    {
        var server = TestServers.Get(TestServers.Rgw);
        using var v4 = Client(server, S3SigningPolicy.SigV4);
        using var v2 = Client(server, S3SigningPolicy.SigV2);
        string bucket = $"browser-{Guid.NewGuid():N}"[..30];
        await v4.CreateBucketAsync(bucket);
        using var page = new PageServer();
        try
        {
            var form = new PresignPostOptions { MinContentLength = 1, MaxContentLength = 1024, SuccessActionRedirect = page.Origin + "/uploaded" };
            var fetched = new PresignPostOptions { MinContentLength = 1, MaxContentLength = 1024 };
            var expired = v4.PresignPost(bucket, "late/${filename}", TimeSpan.FromSeconds(1));
            FormCase[] cases =
            [
                new("v4", "1. Form POST, SigV4 policy: uploads/ prefix, 1 to 1024 bytes", v4.PresignPost(bucket, "uploads/${filename}", TimeSpan.FromMinutes(5), form)),
                new("v2", "2. Form POST, SigV2 policy: same conditions", v2.PresignPost(bucket, "uploads-v2/${filename}", TimeSpan.FromMinutes(5), form)),
                new("large", "3. 2048 bytes against content-length-range 1 to 1024", v4.PresignPost(bucket, "uploads/${filename}", TimeSpan.FromMinutes(5), fetched)),
                new("outside", "4. key changed to elsewhere/ against the uploads/ prefix", v4.PresignPost(bucket, "uploads/${filename}", TimeSpan.FromMinutes(5), fetched), new Dictionary<string, string> { ["key"] = "elsewhere/${filename}" }),
                new("expired", "5. policy that expired 1 s after signing", expired),
            ];
            page.Html = UploadPage.Build(page.Origin, server.Endpoint.ToString(), cases);
            byte[] photo = File(Bytes(700), "photo.bin");
            byte[] photoV2 = File(Bytes(300), "photo-v2.bin");
            File(Bytes(2048), "large.bin");
            File(Bytes(10), "small.txt");

            using var driver = Chromium.Start();
            driver.Navigate().GoToUrl(page.Origin + "/");

            // (1) Native form uploads (no CORS needed): the objects land byte-exact.
            Choose(driver, "v4", "photo.bin");
            driver.ExecuteScript("viaForm('v4')");
            Assert.StartsWith($"form: uploaded {bucket}/uploads/photo.bin etag", await ResultAsync(driver, "v4"));
            Assert.Equal(photo, await v4.GetObjectBytesAsync(bucket, "uploads/photo.bin"));
            Choose(driver, "v2", "photo-v2.bin");
            driver.ExecuteScript("viaForm('v2')");
            Assert.StartsWith($"form: uploaded {bucket}/uploads-v2/photo-v2.bin etag", await ResultAsync(driver, "v2"));
            Assert.Equal(photoV2, await v4.GetObjectBytesAsync(bucket, "uploads-v2/photo-v2.bin"));

            // (3) fetch() PUT to a presigned URL: the preflight fails while the bucket has no CORS; nothing is stored.
            var putUrl = v4.PresignPutObject(bucket, "put/fetched.txt", TimeSpan.FromMinutes(5), "text/plain");
            driver.ExecuteScript("putViaFetch(arguments[0], 'sent by fetch', 'result-put-before')", putUrl.OriginalString);
            Assert.Equal("PUT blocked by CORS: TypeError: Failed to fetch", await ResultAsync(driver, "put-before"));
            Assert.Equal(HttpStatusCode.NotFound, (await Assert.ThrowsAsync<S3Exception>(() => v4.HeadObjectAsync(bucket, "put/fetched.txt"))).StatusCode);

            await v4.PutBucketCorsAsync(bucket, [new S3CorsRule { AllowedOrigins = [page.Origin], AllowedMethods = ["PUT", "POST"], AllowedHeaders = ["*"], ExposeHeaders = ["ETag"] }]);
            driver.ExecuteScript("putViaFetch(arguments[0], 'sent by fetch', 'result-put-after')", putUrl.OriginalString);
            Assert.Equal("PUT 200 stored", await ResultAsync(driver, "put-after"));
            Assert.Equal("sent by fetch"u8.ToArray(), await v4.GetObjectBytesAsync(bucket, "put/fetched.txt"));

            // (2) Forms that break their policy, sent with fetch (CORS now lets the page read RGW's answer).
            Choose(driver, "large", "large.bin");
            driver.ExecuteScript("viaFetch('large')");
            Assert.Equal("POST 400 EntityTooLarge", await ResultAsync(driver, "large"));
            Choose(driver, "outside", "small.txt");
            driver.ExecuteScript("viaFetch('outside')");
            Assert.Equal("POST 403 AccessDenied Policy condition failed: starts-with: $key, uploads/", await ResultAsync(driver, "outside"));
            while (DateTimeOffset.UtcNow < expired.Expiration.AddSeconds(1.5))
            {
                await Task.Delay(250);
            }

            Choose(driver, "expired", "small.txt");
            driver.ExecuteScript("viaFetch('expired')");
            Assert.Equal("POST 403 AccessDenied Policy expired", await ResultAsync(driver, "expired"));
            Assert.Equal(
                ["put/fetched.txt", "uploads-v2/photo-v2.bin", "uploads/photo.bin"],
                (await v4.ListObjectsV2Async(bucket)).Objects.Select(o => o.Key).Order(StringComparer.Ordinal));

            string shot = Path.Combine(AppContext.BaseDirectory, "browser-screenshots", "browser-uploads.png");
            Directory.CreateDirectory(Path.GetDirectoryName(shot)!);
            driver.GetScreenshot().SaveAsFile(shot);
            Assert.True(new FileInfo(shot).Length > 1000, $"screenshot {shot} is empty");
        }
        finally
        {
            await EmptyAndDeleteAsync(v4, bucket);
        }
    }

    private static S3Client Client(TestServer server, S3SigningPolicy policy) => new(new S3ClientOptions
    {
        Endpoint = server.Endpoint,
        Credentials = new AwsCredentials(server.AccessKey, server.SecretKey),
        SigningPolicy = policy,
    });

    private static byte[] Bytes(int length)
    {
        var data = new byte[length];
        new Random(length).NextBytes(data);
        return data;
    }

    private byte[] File(byte[] data, string name)
    {
        System.IO.File.WriteAllBytes(Path.Combine(_files, name), data);
        return data;
    }

    /// <summary>Picks the file in the form's file input, as a user would.</summary>
    private void Choose(ChromeDriver driver, string id, string file) =>
        driver.FindElement(By.CssSelector($"#form-{id} input[type=file]")).SendKeys(Path.Combine(_files, file));

    /// <summary>The text the page wrote into a case's result, once it wrote one.</summary>
    private static async Task<string> ResultAsync(ChromeDriver driver, string id)
    {
        var deadline = DateTime.UtcNow + Wait;
        while (true)
        {
            string text = driver.FindElement(By.Id("result-" + id)).Text;
            if (text.Length > 0)
            {
                return text;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"the page showed no result for {id} within {Wait.TotalSeconds} s");
            }

            await Task.Delay(100);
        }
    }

    private static async Task EmptyAndDeleteAsync(S3Client client, string bucket)
    {
        var keys = new List<string>();
        await foreach (var o in client.ListAllObjectsAsync(bucket))
        {
            keys.Add(o.Key);
        }

        if (keys.Count > 0)
        {
            await client.DeleteObjectsAsync(bucket, keys);
        }

        await client.DeleteBucketAsync(bucket);
    }
}
