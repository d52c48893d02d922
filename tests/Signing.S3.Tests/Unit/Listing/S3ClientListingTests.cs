using System.Net;

namespace Signing.S3.Tests.Unit.Listing;

/// <summary>What the S3 client makes of listing answers the scanner reads or refuses.</summary>
public sealed class S3ClientListingTests
{
    [Theory]
    [InlineData("<ListBucketResult><Contents><Key>a</Key></ListBucketResult>", "does not match its start tag")]
    [InlineData("<ListBucketResult><Contents><Key>a&b</Key></Contents></ListBucketResult>", "starts no reference")]
    [InlineData("not xml at all", "expected an element")]
    [InlineData("<!DOCTYPE x [<!ENTITY e \"boom\">]><ListBucketResult/>", "DOCTYPE")]
    public async Task S3Client_ListObjectsV2_MalformedPage_InvalidResponseNotRetried(string body, string why)
    {
        var (client, handler, _) = Fake.Client();
        handler.Reply(HttpStatusCode.OK, body).Reply(HttpStatusCode.OK, body);
        var e = await Assert.ThrowsAsync<S3Exception>(() => client.ListObjectsV2Async("b"));
        Assert.Equal("InvalidResponse", e.Code);
        Assert.Contains("the answer is not a listing", e.Message);
        Assert.Contains(why, e.Message);
        Assert.Contains("at byte", e.Message);
        Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task S3Client_ListObjectsV1_MalformedPage_InvalidResponse()
    {
        var (client, handler, _) = Fake.Client();
        handler.Reply(HttpStatusCode.OK, "<ListBucketResult><IsTruncated>true</IsTruncated>");
        var e = await Assert.ThrowsAsync<S3Exception>(() => client.ListObjectsV1Async("b"));
        Assert.Equal("InvalidResponse", e.Code);
    }

    /// <summary>A server that ignores encoding-type=url sends keys as they are: white space and all.</summary>
    [Fact]
    public async Task S3Client_ListObjectsV2_UnencodedAwkwardKeys_AsSent()
    {
        var (client, handler, _) = Fake.Client();
        handler.Reply(HttpStatusCode.OK, "<ListBucketResult><Contents><Key> </Key></Contents><Contents><Key>é &amp; <![CDATA[<x>]]></Key></Contents><Contents><Key>a\r\nb</Key></Contents></ListBucketResult>");
        var page = await client.ListObjectsV2Async("b");
        Assert.Equal([" ", "é & <x>", "a\nb"], page.Objects.Select(o => o.Key));
    }
}
