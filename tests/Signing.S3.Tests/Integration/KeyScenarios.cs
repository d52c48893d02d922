using System.Text;

namespace Signing.S3.Tests.Integration;

/// <summary>Keys with characters that need encoding, or that a URL library would rewrite, round-trip exactly.</summary>
public static class KeyScenarios
{
    public static readonly string[] TrickyKeys =
    [
        "with space.txt",
        "plus+sign",
        "tilde~name",
        "percent%41literal%",
        "equals=amp&more",
        "ünïcødé/日本語/😀.bin",
        "a/../b",
        "a//b",
        "./dot/x/./y",
        "semi;colon,comma!bang*star'quote(paren)",
    ];

    public static async Task TrickyKeysRoundTripAsync(string server, S3Mode mode)
    {
        await using var h = await S3Harness.CreateAsync(server, mode);
        var c = h.Client;
        foreach (string key in TrickyKeys)
        {
            byte[] data = Encoding.UTF8.GetBytes("content of " + key);
            await c.PutObjectAsync(h.Bucket, key, data);
            Assert.Equal(data, await c.GetObjectBytesAsync(h.Bucket, key));
            Assert.Equal(data.Length, (await c.HeadObjectAsync(h.Bucket, key)).ContentLength);
        }

        var listed = new List<string>();
        await foreach (var o in c.ListAllObjectsAsync(h.Bucket))
        {
            listed.Add(o.Key);
        }

        Assert.Equal(TrickyKeys.Order(StringComparer.Ordinal), listed);

        var v1 = await c.ListObjectsV1Async(h.Bucket);
        Assert.Equal(TrickyKeys.Order(StringComparer.Ordinal), v1.Objects.Select(o => o.Key));

        // Prefix and delimiter with encoded characters.
        var page = await c.ListObjectsV2Async(h.Bucket, new ListObjectsOptions { Prefix = "ünïcødé/", Delimiter = "/" });
        Assert.Equal(["ünïcødé/日本語/"], page.CommonPrefixes);

        var deleted = await c.DeleteObjectsAsync(h.Bucket, TrickyKeys);
        Assert.Empty(deleted.Errors);
        Assert.Equal(TrickyKeys.Order(StringComparer.Ordinal), deleted.Deleted.Order(StringComparer.Ordinal));
        await foreach (var o in c.ListAllObjectsAsync(h.Bucket))
        {
            Assert.Fail($"left over: {o.Key}");
        }
    }
}
