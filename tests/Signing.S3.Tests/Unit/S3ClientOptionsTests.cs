namespace Signing.S3.Tests.Unit;

public sealed class S3ClientOptionsTests
{
    [Fact]
    public void Options_Defaults()
    {
        var o = new S3ClientOptions { Endpoint = new Uri("http://h") };
        Assert.Equal("us-east-1", o.Region);
        Assert.Null(o.Credentials);
        Assert.Equal(S3Addressing.PathStyle, o.Addressing);
        Assert.Equal(S3SigningPolicy.SigV4, o.SigningPolicy);
        Assert.Equal(Payload.HashBody, o.Payload);
        Assert.False(o.AllowUnsignedPayloadOverHttp);
        Assert.Equal(3, o.MaxAttempts);
        Assert.Equal(TimeSpan.FromMilliseconds(200), o.RetryBaseDelay);
        Assert.Equal(TimeSpan.FromSeconds(20), o.MaxRetryDelay);
        Assert.Equal(TimeSpan.FromSeconds(100), o.Timeout);
        Assert.Equal(S3ClockSkewCorrection.Enabled, o.ClockSkewCorrection);
        Assert.Null(o.TimeProvider);
        Assert.Null(o.CaBundle);
        Assert.Null(o.CaCertificates);
        Assert.False(o.DangerousAcceptAnyServerCertificate);
    }

    [Fact]
    public void Options_ToString_NeverShowsSecret()
    {
        var o = Fake.Options();
        Assert.DoesNotContain(Fake.SecretKey, o.ToString());
        Assert.Contains(Fake.AccessKey, o.ToString());
        using var client = new S3Client(o, new FakeHandler());
        Assert.DoesNotContain(Fake.SecretKey, client.ToString());
    }

    [Fact]
    public void S3Client_Ctor_UnsignedOverHttpRefused()
    {
        var e = Assert.Throws<ArgumentException>(() => new S3Client(Fake.Options() with { Payload = Payload.Unsigned }, new FakeHandler()));
        Assert.Contains("AllowUnsignedPayloadOverHttp", e.Message);
        using var https = new S3Client(Fake.Options("https://h") with { Payload = Payload.Unsigned }, new FakeHandler());
        using var forced = new S3Client(Fake.Options() with { Payload = Payload.Unsigned, AllowUnsignedPayloadOverHttp = true }, new FakeHandler());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void S3Client_Ctor_MaxAttemptsBelowOneRefused(int attempts) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new S3Client(Fake.Options() with { MaxAttempts = attempts }, new FakeHandler()));

    [Fact]
    public void S3Client_Ctor_RelativeEndpointRefused() =>
        Assert.Throws<ArgumentException>(() => new S3Client(new S3ClientOptions { Endpoint = new Uri("ftp://h") }, new FakeHandler()));
}
