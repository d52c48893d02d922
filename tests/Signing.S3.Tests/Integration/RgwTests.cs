namespace Signing.S3.Tests.Integration;

/// <summary>Ceph RADOS Gateway (SIGNING_TEST_RGW_*): everything, virtual-host and anonymous reads included.</summary>
public sealed class RgwTests
{
    private const string Server = TestServers.Rgw;

    [IntegrationTheory(Server)]
    [MemberData(nameof(S3Harness.AllModes), MemberType = typeof(S3Harness))]
    public Task S3Client_Basics_AllModes(S3SigningPolicy policy, S3Addressing addressing) =>
        SmokeScenarios.BasicsAsync(Server, new(policy, addressing));

    [IntegrationTheory(Server)]
    [MemberData(nameof(S3Harness.AllModes), MemberType = typeof(S3Harness))]
    public Task S3Client_TrickyKeys_RoundTripAndList(S3SigningPolicy policy, S3Addressing addressing) =>
        KeyScenarios.TrickyKeysRoundTripAsync(Server, new(policy, addressing));
}
