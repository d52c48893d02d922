using Signing.Internal;
using FsCheck;
using FsCheck.Fluent;
using Signing.S3.Internal;

namespace Signing.S3.Tests.Unit;

public sealed class S3UriTests
{
    [Theory]
    [InlineData("plain-key_1.txt~", "plain-key_1.txt~")]
    [InlineData("a b", "a%20b")]
    [InlineData("a+b", "a%2Bb")]
    [InlineData("100%", "100%25")]
    [InlineData("k=v&x", "k%3Dv%26x")]
    [InlineData("dir/sub/file", "dir/sub/file")]
    [InlineData("a/../b", "a/../b")]
    [InlineData("a//b", "a//b")]
    [InlineData("ü€", "%C3%BC%E2%82%AC")]
    [InlineData("😀", "%F0%9F%98%80")]
    [InlineData("?#[]@!$'()*,;", "%3F%23%5B%5D%40%21%24%27%28%29%2A%2C%3B")]
    public void S3Uri_Encode_KeyKeepsUnreservedAndSlash(string key, string expected) =>
        Assert.Equal(expected, UriEncoding.Encode(key, keepSlash: true));

    [Fact]
    public void S3Uri_Encode_QueryValueEncodesSlash() =>
        Assert.Equal("a%2Fb", UriEncoding.Encode("a/b", keepSlash: false));

    [Fact]
    public void S3Uri_Decode_PlusIsSpaceOnlyWhenAsked()
    {
        Assert.Equal("a b+c", UriEncoding.Decode("a+b%2Bc", plusIsSpace: true));
        Assert.Equal("a+b+c", UriEncoding.Decode("a+b%2Bc", plusIsSpace: false));
        Assert.Equal("ü", UriEncoding.Decode("%C3%BC", plusIsSpace: true));
        Assert.Equal("100%", UriEncoding.Decode("100%", plusIsSpace: true));
    }

    [Fact]
    public void S3Uri_EncodeDecode_RoundTripsAnyString() =>
        Prop.ForAll<NonNull<string>>(s =>
        {
            string text = s.Get;
            // Lone surrogates have no UTF-8 form and cannot be keys.
            return !IsValidUtf16(text) || UriEncoding.Decode(UriEncoding.Encode(text, keepSlash: true), plusIsSpace: false) == text;
        }).QuickCheckThrowOnFailure();

    private static bool IsValidUtf16(string text)
    {
        try
        {
            _ = new System.Text.UTF8Encoding(false, throwOnInvalidBytes: true).GetByteCount(text);
            return true;
        }
        catch (System.Text.EncoderFallbackException)
        {
            return false;
        }
    }

    [Theory]
    [InlineData(S3Addressing.PathStyle, "http://127.0.0.1:9000", "b", "a/../b", "", "http://127.0.0.1:9000/b/a/../b", "/b/a/../b")]
    [InlineData(S3Addressing.PathStyle, "http://127.0.0.1:9000", "b", "a//b", "", "http://127.0.0.1:9000/b/a//b", "/b/a//b")]
    [InlineData(S3Addressing.PathStyle, "http://127.0.0.1:9000", "b", null, "acl", "http://127.0.0.1:9000/b?acl", "/b?acl")]
    [InlineData(S3Addressing.PathStyle, "http://127.0.0.1:9000", null, null, "", "http://127.0.0.1:9000/", "/")]
    [InlineData(S3Addressing.VirtualHost, "https://s3.amazonaws.com", "b", "./x y", "", "https://b.s3.amazonaws.com/./x%20y", "/./x%20y")]
    [InlineData(S3Addressing.VirtualHost, "http://localhost:17480", "b", null, "list-type=2", "http://b.localhost:17480/?list-type=2", "/?list-type=2")]
    [InlineData(S3Addressing.PathStyle, "https://host/base/", "b", "k", "", "https://host/base/b/k", "/base/b/k")]
    public void S3Uri_Build_KeepsPathAsWritten(S3Addressing addressing, string endpoint, string? bucket, string? key, string query, string url, string pathAndQuery)
    {
        KeyValuePair<string, string?>[] pairs = [.. query.Split('&', StringSplitOptions.RemoveEmptyEntries).Select(p => p.Split('=') is [var n, var v] ? new KeyValuePair<string, string?>(n, v) : new(p, null))];
        var uri = S3Uri.Build(new S3Endpoint(new Uri(endpoint)), addressing, bucket, key, pairs);
        Assert.Equal(url, uri.OriginalString);
        Assert.Equal(pathAndQuery, uri.PathAndQuery);
    }

    [Fact]
    public void S3Uri_Query_EncodesNamesAndValuesInOrder() =>
        Assert.Equal("?prefix=a%2Fb%20c&acl&max-keys=5", S3Uri.Build(new S3Endpoint(new Uri("http://h")), S3Addressing.PathStyle, "b", null, [new("prefix", "a/b c"), new("acl", null), new("max-keys", "5")]).Query);

    [Theory]
    [InlineData("http://h:9000/", "h:9000")]
    [InlineData("https://h/", "h")]
    [InlineData("http://[::1]:9000/", "[::1]:9000")]
    public void S3Uri_HostHeader_PortOnlyWhenNotDefault(string url, string expected) =>
        Assert.Equal(expected, UriParts.HostHeader(new Uri(url)));

    [Theory]
    [InlineData("a/../b")]
    [InlineData("a//b")]
    [InlineData("../up")]
    [InlineData("sp ace+plus~tilde%pct=eq&amp")]
    [InlineData("ünï/cødé")]
    public async Task S3Client_PutObject_TrickyKeyGoesOnTheWireAsWritten(string key)
    {
        var (client, handler, _) = Fake.Client();
        await client.PutObjectAsync("bucket", key, "x"u8.ToArray());
        Assert.Equal("/bucket/" + UriEncoding.Encode(key, keepSlash: true), handler.Requests[0].PathAndQuery);
    }

    [Fact]
    public async Task S3Client_VirtualHost_BucketInHost()
    {
        var (client, handler, _) = Fake.Client(Fake.Options("http://localhost:9000") with { Addressing = S3Addressing.VirtualHost });
        await client.PutObjectAsync("bucket", "a//b", "x"u8.ToArray());
        Assert.Equal("http://bucket.localhost:9000/a//b", handler.Requests[0].Uri.OriginalString);
    }

    [Fact]
    public void S3Client_GetPublicUrl_Unsigned()
    {
        var (client, _, _) = Fake.Client();
        var url = client.GetPublicUrl("b", "x y/z");
        Assert.Equal("http://s3.test:9000/b/x%20y/z", url.OriginalString);
    }
}
