using System.Net;
using System.Net.Http.Headers;

namespace Signing.S3.Tests.Integration.Sts;

/// <summary>
/// A real STS: Ceph RGW's AssumeRole, called by the chain (profile role_arn + source_profile) and
/// signed by our SigV4; the temporary credentials then drive the S3 client in every signing mode.
/// </summary>
public sealed class RgwAssumeRoleTests
{
    private const string Server = TestServers.Rgw;

    [IntegrationTheory(Server)]
    [MemberData(nameof(S3Harness.AllModes), MemberType = typeof(S3Harness))]
    public async Task AssumeRoleProfile_TemporaryCredentials_ListPutGetAndPresign(S3SigningPolicy policy, S3Addressing addressing)
    {
        using var profiles = new StsProfiles(TestServers.Get(Server), StsProfiles.AssumeRoleProfile("role"));
        var provider = AwsCredentialChain.CreateProvider("role", profiles.Environment);
        var credentials = await provider.GetCredentialsAsync();
        Assert.NotNull(credentials.SessionToken);
        Assert.NotNull(credentials.Expiration);
        Assert.NotEqual(profiles.Server.AccessKey, credentials.AccessKeyId);
        Assert.Contains("assume role", credentials.Source, StringComparison.Ordinal);
        Assert.DoesNotContain(credentials.SecretAccessKey, credentials.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(credentials.SessionToken!, credentials.ToString(), StringComparison.Ordinal);

        using var client = profiles.Client(provider, new S3Mode(policy, addressing));
        string bucket = StsProfiles.NewBucket();
        await client.CreateBucketAsync(bucket);
        try
        {
            await client.PutObjectAsync(bucket, "k.txt", "temporary"u8.ToArray());
            Assert.Equal("temporary"u8.ToArray(), await client.GetObjectBytesAsync(bucket, "k.txt"));
            Assert.Contains(await client.ListBucketsAsync(), b => b.Name == bucket);

            using var plain = new HttpClient(TestServers.LoopbackHandler());
            var putUrl = client.PresignPutObject(bucket, "presigned.txt", TimeSpan.FromMinutes(5));
            Assert.Contains(policy == S3SigningPolicy.SigV4 ? "X-Amz-Security-Token=" : "x-amz-security-token=", putUrl.OriginalString, StringComparison.Ordinal);
            using (var put = await plain.PutAsync(putUrl, new ByteArrayContent("via url"u8.ToArray())))
            {
                Assert.True(put.IsSuccessStatusCode, $"{(int)put.StatusCode} {await put.Content.ReadAsStringAsync()}");
            }

            using (var get = await plain.GetAsync(client.PresignGetObject(bucket, "presigned.txt", TimeSpan.FromMinutes(5))))
            {
                Assert.Equal(HttpStatusCode.OK, get.StatusCode);
                Assert.Equal("via url", await get.Content.ReadAsStringAsync());
            }

            // Without the token the URL is refused: the token is what makes these keys valid.
            string stripped = string.Join('&', client.PresignGetObject(bucket, "presigned.txt", TimeSpan.FromMinutes(5)).OriginalString.Split('&').Where(p => !p.Contains("ecurity-Token=", StringComparison.OrdinalIgnoreCase)));
            using (var refused = await plain.GetAsync(new Uri(stripped)))
            {
                Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
            }
        }
        finally
        {
            await StsProfiles.DeleteBucketAsync(client, bucket);
        }

        Assert.Equal(1, provider.FetchCount);
    }

    [IntegrationFact(Server)]
    public async Task AssumeRoleProfile_AwsChunkedUpload_Accepted()
    {
        using var profiles = new StsProfiles(TestServers.Get(Server), StsProfiles.AssumeRoleProfile("role"));
        var provider = AwsCredentialChain.CreateProvider("role", profiles.Environment);
        using var client = profiles.Client(provider, new S3Mode(S3SigningPolicy.SigV4, S3Addressing.PathStyle), o => o with { Payload = Payload.Streaming() });
        string bucket = StsProfiles.NewBucket();
        await client.CreateBucketAsync(bucket);
        try
        {
            var data = S3Harness.RandomBytes(200_000);
            await client.PutObjectAsync(bucket, "chunked.bin", new MemoryStream(data));
            Assert.Equal(S3Harness.Sha256(data), S3Harness.Sha256(await client.GetObjectBytesAsync(bucket, "chunked.bin")));
        }
        finally
        {
            await StsProfiles.DeleteBucketAsync(client, bucket);
        }
    }

    [IntegrationTheory(Server)]
    [InlineData(S3SigningPolicy.SigV4)]
    [InlineData(S3SigningPolicy.SigV2)]
    public async Task TemporaryCredentials_TamperedToken_Refused(S3SigningPolicy policy)
    {
        using var profiles = new StsProfiles(TestServers.Get(Server), StsProfiles.AssumeRoleProfile("role"));
        var good = await AwsCredentialChain.ResolveAsync("role", profiles.Environment);
        using (var control = profiles.Client(good, new S3Mode(policy, S3Addressing.PathStyle)))
        {
            await control.ListBucketsAsync();
        }

        // RGW 16.2's token has no integrity check over its tail: change one early character.
        char[] token = good.SessionToken!.ToCharArray();
        token[10] = token[10] == 'A' ? 'B' : 'A';
        var tampered = new AwsCredentials(good.AccessKeyId, good.SecretAccessKey, new string(token));
        using var client = profiles.Client(tampered, new S3Mode(policy, S3Addressing.PathStyle), o => o with { MaxAttempts = 1 });
        var e = await Assert.ThrowsAsync<S3Exception>(() => client.ListBucketsAsync());
        Assert.True(e.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.Forbidden, e.Message);
        Assert.DoesNotContain(new string(token), e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(good.SecretAccessKey, e.Message, StringComparison.Ordinal);
    }

    [IntegrationFact(Server)]
    public async Task AssumeRole_UnknownRole_TypedStsErrorListedInOrder()
    {
        using var profiles = new StsProfiles(TestServers.Get(Server), "[profile missing]\nrole_arn = arn:aws:iam:::role/NoSuchRole\nsource_profile = rgw-user\n");
        var e = await Assert.ThrowsAsync<CredentialsNotFoundException>(() => AwsCredentialChain.ResolveAsync("missing", profiles.Environment));
        var sts = Assert.IsType<StsException>(e.InnerException);
        Assert.Equal(HttpStatusCode.NotFound, sts.StatusCode);
        Assert.Contains("profile missing", e.Message, StringComparison.Ordinal);
        Assert.Contains("NoSuchRole", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(profiles.Server.SecretKey, e.ToString(), StringComparison.Ordinal);
    }

    [IntegrationFact(Server)]
    public async Task AssumeRole_WrongSourceSecret_SignatureRefusedBySts()
    {
        using var profiles = new StsProfiles(TestServers.Get(Server),
            $"[profile bad-user]\naws_access_key_id = {TestServers.Get(Server).AccessKey}\naws_secret_access_key = wrongwrongwrongwrongwrongwrongwrongwrong\n\n[profile bad]\nrole_arn = {StsProfiles.RoleArn}\nsource_profile = bad-user\n");
        var e = await Assert.ThrowsAsync<CredentialsNotFoundException>(() => AwsCredentialChain.ResolveAsync("bad", profiles.Environment));
        var sts = Assert.IsType<StsException>(e.InnerException);
        Assert.Equal(HttpStatusCode.Forbidden, sts.StatusCode);
        Assert.DoesNotContain("wrongwrongwrong", e.ToString(), StringComparison.Ordinal);
    }
}
