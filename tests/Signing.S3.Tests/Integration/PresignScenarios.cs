using System.Net;
using System.Net.Http.Headers;

namespace Signing.S3.Tests.Integration;

/// <summary>Presigned URLs used through a plain HttpClient: GET, PUT with a bound Content-Type, tampering, expiry.</summary>
public static class PresignScenarios
{
    public static async Task PresignedGetAndPutAsync(string server, S3Mode mode)
    {
        await using var h = await S3Harness.CreateAsync(server, mode);
        var c = h.Client;
        using var plain = new HttpClient(TestServers.LoopbackHandler());
        const string key = "pre signed/ü+.txt";

        // PUT through a presigned URL with the bound Content-Type.
        var putUrl = c.PresignPutObject(h.Bucket, key, TimeSpan.FromMinutes(5), "text/plain");
        using (var ok = await plain.PutAsync(putUrl, Content("uploaded", "text/plain")))
        {
            Assert.True(ok.IsSuccessStatusCode, $"{(int)ok.StatusCode} {await ok.Content.ReadAsStringAsync()}");
        }

        var head = await c.HeadObjectAsync(h.Bucket, key);
        Assert.Equal("text/plain", head.ContentType);

        // Another Content-Type breaks the signature.
        using (var refused = await plain.PutAsync(putUrl, Content("other", "image/png")))
        {
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        }

        Assert.Equal("uploaded"u8.ToArray(), await c.GetObjectBytesAsync(h.Bucket, key));

        // GET through a presigned URL, with a response header override.
        var getUrl = c.PresignGetObject(h.Bucket, key, TimeSpan.FromMinutes(5), new PresignGetOptions { ResponseContentDisposition = "attachment; filename=\"x.txt\"" });
        using (var get = await plain.GetAsync(getUrl))
        {
            Assert.True(get.IsSuccessStatusCode, $"{(int)get.StatusCode} {await get.Content.ReadAsStringAsync()}");
            Assert.Equal("uploaded", await get.Content.ReadAsStringAsync());
            Assert.Equal("attachment; filename=\"x.txt\"", get.Content.Headers.ContentDisposition?.ToString());
        }
    }

    public static async Task TamperedOrExpiredRejectedAsync(string server, S3Mode mode)
    {
        await using var h = await S3Harness.CreateAsync(server, mode);
        var c = h.Client;
        await c.PutObjectAsync(h.Bucket, "k1", "one"u8.ToArray());
        await c.PutObjectAsync(h.Bucket, "k2", "two"u8.ToArray());
        using var plain = new HttpClient(TestServers.LoopbackHandler());
        var url = c.PresignGetObject(h.Bucket, "k1", TimeSpan.FromMinutes(5));
        using (var ok = await plain.GetAsync(url))
        {
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }

        // Another key with k1's signature.
        var otherKey = new Uri(url.OriginalString.Replace("/k1?", "/k2?", StringComparison.Ordinal));
        await AssertRefusedAsync(plain, otherKey);

        // A changed signature.
        string s = url.OriginalString;
        int at = s.IndexOf("Signature=", StringComparison.Ordinal) + "Signature=".Length;
        var badSignature = new Uri(s[..at] + (s[at] == 'A' ? 'B' : 'A') + s[(at + 1)..]);
        await AssertRefusedAsync(plain, badSignature);

        // Signed an hour ago, valid for a minute.
        using var past = h.Variant(o => o with { TimeProvider = new OffsetClock(TimeSpan.FromHours(-1)) });
        await AssertRefusedAsync(plain, past.PresignGetObject(h.Bucket, "k1", TimeSpan.FromMinutes(1)));
    }

    private static async Task AssertRefusedAsync(HttpClient plain, Uri url)
    {
        using var response = await plain.GetAsync(url);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    private static ByteArrayContent Content(string text, string contentType)
    {
        var content = new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes(text));
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        return content;
    }
}
