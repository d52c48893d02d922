using System.Diagnostics;
using System.Net;

namespace Signing.S3.Tests.Integration.Sts;

/// <summary>
/// A real expiry: RGW sessions of 60 s (rgw_sts_min_session_duration = 60). The chain's provider
/// renews them ahead of time, so a client that keeps working across two expiries never fails,
/// while the first credentials, used after their expiry, are refused by the server.
/// </summary>
public sealed class RgwExpiryTests
{
    private const string Server = TestServers.Rgw;

    [IntegrationFact(Server)]
    public async Task SixtySecondSessions_RefreshedBeforeExpiry_NoRequestFails()
    {
        using var profiles = new StsProfiles(TestServers.Get(Server), StsProfiles.AssumeRoleProfile("short", durationSeconds: 60));
        var provider = AwsCredentialChain.CreateProvider("short", profiles.Environment);
        var first = await provider.GetCredentialsAsync();
        Assert.NotNull(first.Expiration);
        Assert.InRange(first.Expiration!.Value - DateTimeOffset.UtcNow, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(61));

        using var client = profiles.Client(provider, new S3Mode(S3SigningPolicy.SigV4, S3Addressing.PathStyle), o => o with { MaxAttempts = 1 });
        string bucket = StsProfiles.NewBucket();
        await client.CreateBucketAsync(bucket);
        var keys = new HashSet<string>(StringComparer.Ordinal);
        int requests = 0;
        try
        {
            var clock = Stopwatch.StartNew();
            while (clock.Elapsed < TimeSpan.FromSeconds(75))
            {
                var used = await provider.GetCredentialsAsync();
                Assert.True(used.Expiration > DateTimeOffset.UtcNow.AddSeconds(5), $"handed out credentials expiring at {used.Expiration:O}");
                keys.Add(used.AccessKeyId);
                await client.PutObjectAsync(bucket, "tick", System.Text.Encoding.ASCII.GetBytes(requests.ToString(System.Globalization.CultureInfo.InvariantCulture)));
                await client.GetObjectBytesAsync(bucket, "tick");
                requests += 2;
                await Task.Delay(500);
            }

            // The first credentials expired on the server meanwhile: it refuses them.
            using var stale = profiles.Client(first, new S3Mode(S3SigningPolicy.SigV4, S3Addressing.PathStyle), o => o with { MaxAttempts = 1 });
            var e = await Assert.ThrowsAsync<S3Exception>(() => stale.ListBucketsAsync());
            Assert.Equal(HttpStatusCode.Forbidden, e.StatusCode);
        }
        finally
        {
            await StsProfiles.DeleteBucketAsync(client, bucket);
        }

        Assert.True(provider.FetchCount >= 2, $"fetches: {provider.FetchCount}");
        Assert.True(keys.Count >= 2, $"access keys used: {keys.Count}");
        Assert.True(requests > 50, $"requests: {requests}");
        Assert.Null(provider.LastRefreshError);
    }
}
