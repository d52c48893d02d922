namespace Signing.S3.Tests.Integration;

/// <summary>
/// MinIO (SIGNING_TEST_MINIO_*), where a Docker engine can run one: the portable scenarios,
/// path-style. Optional even in CI: there is no Docker engine on the project's machines, so these
/// report themselves skipped with that reason unless the variables point at a MinIO server.
/// </summary>
public sealed class MinioTests : IDisposable
{
    private const string Server = TestServers.Minio;
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [IntegrationTheory(Server)]
    [MemberData(nameof(S3Harness.AllPolicies), MemberType = typeof(S3Harness))]
    public Task S3Client_Basics(S3SigningPolicy policy) =>
        SmokeScenarios.BasicsAsync(Server, new(policy, S3Addressing.PathStyle));

    [IntegrationTheory(Server)]
    [MemberData(nameof(S3Harness.AllPolicies), MemberType = typeof(S3Harness))]
    public Task S3Client_TrickyKeys_RoundTripAndList(S3SigningPolicy policy) =>
        KeyScenarios.TrickyKeysRoundTripAsync(Server, new(policy, S3Addressing.PathStyle));

    [IntegrationTheory(Server)]
    [MemberData(nameof(S3Harness.AllPolicies), MemberType = typeof(S3Harness))]
    public Task S3Client_WrongSecret_SignatureDoesNotMatch(S3SigningPolicy policy) =>
        AuthScenarios.WrongSecretRejectedAsync(Server, new(policy, S3Addressing.PathStyle), serverExplains: false);

    [IntegrationTheory(Server)]
    [MemberData(nameof(S3Harness.AllPolicies), MemberType = typeof(S3Harness))]
    public Task S3Client_SkewedClock_Corrected(S3SigningPolicy policy) =>
        AuthScenarios.SkewedClockCorrectedAsync(Server, new(policy, S3Addressing.PathStyle), TimeSpan.FromMinutes(20));

    [IntegrationTheory(Server)]
    [MemberData(nameof(S3Harness.AllPolicies), MemberType = typeof(S3Harness))]
    public Task S3Client_PresignedGetAndPut(S3SigningPolicy policy) =>
        PresignScenarios.PresignedGetAndPutAsync(Server, new(policy, S3Addressing.PathStyle));

    [IntegrationTheory(Server)]
    [MemberData(nameof(S3Harness.AllPolicies), MemberType = typeof(S3Harness))]
    public Task S3Client_Objects_PutGetCopyDeleteList(S3SigningPolicy policy)
    {
        var mode = new S3Mode(policy, S3Addressing.PathStyle);
        return RunAll(
            () => ObjectScenarios.PutVariantsAsync(Server, mode, _temp.Path),
            () => ObjectScenarios.GetVariantsAsync(Server, mode),
            () => ObjectScenarios.CopyDeleteAsync(Server, mode),
            () => ObjectScenarios.ListingPagesAsync(Server, mode));
    }

    [IntegrationTheory(Server)]
    [MemberData(nameof(S3Harness.AllPolicies), MemberType = typeof(S3Harness))]
    public Task S3Client_Multipart_LargeFileAndAbort(S3SigningPolicy policy)
    {
        var mode = new S3Mode(policy, S3Addressing.PathStyle);
        return RunAll(
            () => MultipartScenarios.LowLevelAsync(Server, mode),
            () => MultipartScenarios.LargeFileAsync(Server, mode, _temp.Path),
            () => MultipartScenarios.ServerStoppedMidUploadAsync(Server, mode, _temp.Path));
    }

    [IntegrationFact(Server)]
    public Task S3Client_StreamingChunked_StoredByteExact() =>
        StreamingScenarios.StoredByteExactAsync(Server, S3Addressing.PathStyle);

    private static async Task RunAll(params Func<Task>[] scenarios)
    {
        foreach (var scenario in scenarios)
        {
            await scenario();
        }
    }
}
