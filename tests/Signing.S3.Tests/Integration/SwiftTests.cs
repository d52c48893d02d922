namespace Signing.S3.Tests.Integration;

/// <summary>OpenStack Swift with s3api (SIGNING_TEST_SWIFT_*): no aws-chunked, no anonymous requests.</summary>
public sealed class SwiftTests
{
    private const string Server = TestServers.Swift;

    [IntegrationTheory(Server)]
    [MemberData(nameof(S3Harness.AllModes), MemberType = typeof(S3Harness))]
    public Task S3Client_Basics_AllModes(S3SigningPolicy policy, S3Addressing addressing) =>
        SmokeScenarios.BasicsAsync(Server, new(policy, addressing));

    [IntegrationTheory(Server)]
    [MemberData(nameof(S3Harness.AllModes), MemberType = typeof(S3Harness))]
    public Task S3Client_TrickyKeys_RoundTripAndList(S3SigningPolicy policy, S3Addressing addressing) =>
        KeyScenarios.TrickyKeysRoundTripAsync(Server, new(policy, addressing));
}
