using System.Net;

namespace Signing.S3.Tests.Integration;

/// <summary>A clock off by a fixed amount, like a machine with a wrong time.</summary>
public sealed class OffsetClock(TimeSpan offset) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + offset;
}

/// <summary>Wrong credentials, anonymous access, public objects, a skewed clock.</summary>
public static class AuthScenarios
{
    /// <param name="serverExplains">Whether the server returns its canonical request / string to sign (Swift does, RGW does not), so the client can say where they differ.</param>
    public static async Task WrongSecretRejectedAsync(string server, S3Mode mode, bool serverExplains)
    {
        await using var h = await S3Harness.CreateAsync(server, mode);
        await h.Client.PutObjectAsync(h.Bucket, "k", "x"u8.ToArray());
        using var bad = h.Variant(o => o with { Credentials = new AwsCredentials(h.Server.AccessKey, "not-the-secret") });
        var e = await Assert.ThrowsAsync<S3Exception>(() => bad.GetObjectBytesAsync(h.Bucket, "k"));
        Assert.Equal(HttpStatusCode.Forbidden, e.StatusCode);
        Assert.Equal("SignatureDoesNotMatch", e.Code);
        Assert.DoesNotContain("not-the-secret", e.ToString());
        if (serverExplains)
        {
            Assert.Contains("equals ours", e.SignatureMismatchHint);
        }
        else
        {
            Assert.Null(e.SignatureMismatchHint);
        }

        var put = await Assert.ThrowsAsync<S3Exception>(() => bad.PutObjectAsync(h.Bucket, "k2", "y"u8.ToArray()));
        Assert.Equal("SignatureDoesNotMatch", put.Code);
    }

    /// <param name="expectedCode">RGW knows its keys (InvalidAccessKeyId); Swift's tempauth cannot tell an unknown key from a wrong secret (SignatureDoesNotMatch).</param>
    /// <summary>A header changed after signing: the server's canonical request (or string to sign) differs from ours, and the hint names the line.</summary>
    public static async Task HeaderChangedAfterSigningExplainedAsync(string server, S3Mode mode)
    {
        await using var h = await S3Harness.CreateAsync(server, mode);
        var endpoint = mode.Addressing == S3Addressing.VirtualHost ? new UriBuilder(h.Server.Endpoint) { Host = "localhost" }.Uri : h.Server.Endpoint;
        var rewriting = new InjectingHandler
        {
            AfterSigning = r =>
            {
                r.Headers.Remove("x-amz-meta-note");
                r.Headers.TryAddWithoutValidation("x-amz-meta-note", "rewritten");
            },
        };
        using var c = new S3Client(new S3ClientOptions
        {
            Endpoint = endpoint,
            Credentials = new AwsCredentials(h.Server.AccessKey, h.Server.SecretKey),
            Addressing = mode.Addressing,
            SigningPolicy = mode.Policy,
            MaxAttempts = 1,
        }, rewriting);
        var options = new PutObjectOptions { Metadata = new Dictionary<string, string> { ["note"] = "original" } };
        var e = await Assert.ThrowsAsync<S3Exception>(() => c.PutObjectAsync(h.Bucket, "k", "x"u8.ToArray(), options));
        Assert.Equal("SignatureDoesNotMatch", e.Code);
        Assert.NotNull(e.SignatureMismatchHint);
        Assert.Matches(@"line \d+: server has ""x-amz-meta-note:rewritten"", this client signed ""x-amz-meta-note:original""", e.SignatureMismatchHint);
        Assert.Contains(e.SignatureMismatchHint!, e.Message);
    }

    public static async Task UnknownAccessKeyRejectedAsync(string server, S3Mode mode, string expectedCode)
    {
        var s = TestServers.Get(server);
        using var bad = S3Harness.NewClient(s, mode, o => o with { Credentials = new AwsCredentials("AKIDUNKNOWN0000000", s.SecretKey) });
        var e = await Assert.ThrowsAsync<S3Exception>(() => bad.ListBucketsAsync());
        Assert.Equal(HttpStatusCode.Forbidden, e.StatusCode);
        Assert.Equal(expectedCode, e.Code);
    }

    public static async Task AnonymousReadOfPrivateDeniedAsync(string server, S3Mode mode)
    {
        await using var h = await S3Harness.CreateAsync(server, mode);
        await h.Client.PutObjectAsync(h.Bucket, "private.txt", "secret"u8.ToArray());
        using var anonymous = h.Variant(o => o with { Credentials = null });
        var e = await Assert.ThrowsAsync<S3Exception>(() => anonymous.GetObjectBytesAsync(h.Bucket, "private.txt"));
        Assert.Equal(HttpStatusCode.Forbidden, e.StatusCode);
        Assert.Equal("AccessDenied", e.Code);
    }

    /// <summary>
    /// Swift's s3api does not serve anonymous requests: they fall through to the native Swift API,
    /// which answers 400 or 412 with an HTML body. The client reports it as an S3Exception; no data leaks.
    /// </summary>
    public static async Task AnonymousNotServedAsync(string server, S3Mode mode)
    {
        await using var h = await S3Harness.CreateAsync(server, mode);
        await h.Client.PutObjectAsync(h.Bucket, "private.txt", "secret"u8.ToArray());
        using var anonymous = h.Variant(o => o with { Credentials = null });
        var e = await Assert.ThrowsAsync<S3Exception>(() => anonymous.GetObjectBytesAsync(h.Bucket, "private.txt"));
        Assert.Contains(e.StatusCode, new[] { HttpStatusCode.BadRequest, HttpStatusCode.PreconditionFailed, HttpStatusCode.Forbidden, HttpStatusCode.Unauthorized });
        Assert.DoesNotContain("secret", e.Message);
    }

    /// <summary>public-read objects (canned ACL on PUT, then via PutObjectAcl) are readable with no signature; ACLs read back.</summary>
    public static async Task PublicReadAsync(string server, S3Mode mode)
    {
        await using var h = await S3Harness.CreateAsync(server, mode);
        var c = h.Client;
        await c.PutObjectAsync(h.Bucket, "pub/a b.txt", "hello"u8.ToArray(), new PutObjectOptions { CannedAcl = S3CannedAcl.PublicRead });
        await c.PutObjectAsync(h.Bucket, "later.txt", "later"u8.ToArray());
        Assert.False((await c.GetObjectAclAsync(h.Bucket, "later.txt")).IsPublicRead);
        await c.PutObjectAclAsync(h.Bucket, "later.txt", S3CannedAcl.PublicRead);
        var acl = await c.GetObjectAclAsync(h.Bucket, "later.txt");
        Assert.True(acl.IsPublicRead);
        Assert.False(string.IsNullOrEmpty(acl.OwnerId));

        using var anonymous = h.Variant(o => o with { Credentials = null });
        Assert.Equal("hello"u8.ToArray(), await anonymous.GetObjectBytesAsync(h.Bucket, "pub/a b.txt"));
        Assert.Equal("later"u8.ToArray(), await anonymous.GetObjectBytesAsync(h.Bucket, "later.txt"));
        using var plain = new HttpClient(TestServers.LoopbackHandler());
        Assert.Equal("hello", await plain.GetStringAsync(c.GetPublicUrl(h.Bucket, "pub/a b.txt")));

        Assert.False((await c.GetBucketAclAsync(h.Bucket)).IsPublicRead);
        await c.PutBucketAclAsync(h.Bucket, S3CannedAcl.PublicRead);
        Assert.True((await c.GetBucketAclAsync(h.Bucket)).IsPublicRead);
        var listed = await anonymous.ListObjectsV2Async(h.Bucket);
        Assert.Equal(2, listed.Objects.Count);
        await c.PutBucketAclAsync(h.Bucket, S3CannedAcl.Private);
    }

    /// <summary>A client whose clock is 20 minutes off still works: the first request is refused as skewed, corrected and retried.</summary>
    public static async Task SkewedClockCorrectedAsync(string server, S3Mode mode, TimeSpan skew)
    {
        await using var h = await S3Harness.CreateAsync(server, mode);
        await h.Client.PutObjectAsync(h.Bucket, "k", "v"u8.ToArray());
        using var skewed = h.Variant(o => o with { TimeProvider = new OffsetClock(skew) });
        Assert.Equal("v"u8.ToArray(), await skewed.GetObjectBytesAsync(h.Bucket, "k"));
        Assert.InRange(skewed.ClockOffset, -skew - TimeSpan.FromSeconds(5), -skew + TimeSpan.FromSeconds(5));
        await skewed.PutObjectAsync(h.Bucket, "k2", "w"u8.ToArray());
        await skewed.HeadObjectAsync(h.Bucket, "k2");

        // A HEAD first (no error body): the skew is inferred from the Date header.
        using var skewedHead = h.Variant(o => o with { TimeProvider = new OffsetClock(skew) });
        await skewedHead.HeadObjectAsync(h.Bucket, "k");

        using var uncorrected = h.Variant(o => o with { TimeProvider = new OffsetClock(skew), ClockSkewCorrection = S3ClockSkewCorrection.Disabled });
        var e = await Assert.ThrowsAsync<S3Exception>(() => uncorrected.GetObjectBytesAsync(h.Bucket, "k"));
        Assert.Equal("RequestTimeTooSkewed", e.Code);
    }
}
