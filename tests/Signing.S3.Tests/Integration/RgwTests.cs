namespace Signing.S3.Tests.Integration;

/// <summary>Ceph RADOS Gateway (SIGNING_TEST_RGW_*): everything, virtual-host and anonymous reads included.</summary>
public sealed class RgwTests : IDisposable
{
    private const string Server = TestServers.Rgw;
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [IntegrationTheory(Server)]
    [MemberData(nameof(S3Harness.AllModes), MemberType = typeof(S3Harness))]
    public Task S3Client_Basics_AllModes(S3SigningPolicy policy, S3Addressing addressing) =>
        SmokeScenarios.BasicsAsync(Server, new(policy, addressing));

    [IntegrationTheory(Server)]
    [MemberData(nameof(S3Harness.AllModes), MemberType = typeof(S3Harness))]
    public Task S3Client_TrickyKeys_RoundTripAndList(S3SigningPolicy policy, S3Addressing addressing) =>
        KeyScenarios.TrickyKeysRoundTripAsync(Server, new(policy, addressing));

    [IntegrationTheory(Server)]
    [MemberData(nameof(S3Harness.AllModes), MemberType = typeof(S3Harness))]
    public Task S3Client_WrongSecret_SignatureDoesNotMatch(S3SigningPolicy policy, S3Addressing addressing) =>
        AuthScenarios.WrongSecretRejectedAsync(Server, new(policy, addressing), serverExplains: false);

    [IntegrationTheory(Server)]
    [MemberData(nameof(S3Harness.AllPolicies), MemberType = typeof(S3Harness))]
    public Task S3Client_UnknownAccessKey_InvalidAccessKeyId(S3SigningPolicy policy) =>
        AuthScenarios.UnknownAccessKeyRejectedAsync(Server, new(policy, S3Addressing.PathStyle), "InvalidAccessKeyId");

    [IntegrationTheory(Server)]
    [MemberData(nameof(S3Harness.AllModes), MemberType = typeof(S3Harness))]
    public Task S3Client_AnonymousReadOfPrivate_AccessDenied(S3SigningPolicy policy, S3Addressing addressing) =>
        AuthScenarios.AnonymousReadOfPrivateDeniedAsync(Server, new(policy, addressing));

    [IntegrationTheory(Server)]
    [MemberData(nameof(S3Harness.AllModes), MemberType = typeof(S3Harness))]
    public Task S3Client_PublicRead_ReadableAnonymously(S3SigningPolicy policy, S3Addressing addressing) =>
        AuthScenarios.PublicReadAsync(Server, new(policy, addressing));

    [IntegrationTheory(Server)]
    [MemberData(nameof(S3Harness.AllModes), MemberType = typeof(S3Harness))]
    public Task S3Client_ClockTwentyMinutesAhead_CorrectedAndSucceeds(S3SigningPolicy policy, S3Addressing addressing) =>
        AuthScenarios.SkewedClockCorrectedAsync(Server, new(policy, addressing), TimeSpan.FromMinutes(20));

    [IntegrationTheory(Server)]
    [MemberData(nameof(S3Harness.AllPolicies), MemberType = typeof(S3Harness))]
    public Task S3Client_ClockTwentyMinutesBehind_CorrectedAndSucceeds(S3SigningPolicy policy) =>
        AuthScenarios.SkewedClockCorrectedAsync(Server, new(policy, S3Addressing.PathStyle), TimeSpan.FromMinutes(-20));

    [IntegrationTheory(Server)]
    [MemberData(nameof(S3Harness.AllModes), MemberType = typeof(S3Harness))]
    public Task S3Client_PresignedGetAndPut_UsableByPlainHttpClient(S3SigningPolicy policy, S3Addressing addressing) =>
        PresignScenarios.PresignedGetAndPutAsync(Server, new(policy, addressing));

    [IntegrationTheory(Server)]
    [MemberData(nameof(S3Harness.AllModes), MemberType = typeof(S3Harness))]
    public Task S3Client_PresignedUrlTamperedOrExpired_Refused(S3SigningPolicy policy, S3Addressing addressing) =>
        PresignScenarios.TamperedOrExpiredRejectedAsync(Server, new(policy, addressing));

    [IntegrationTheory(Server)]
    [MemberData(nameof(S3Harness.AllModes), MemberType = typeof(S3Harness))]
    public Task S3Client_PresignPost_FormUploadLandsAndConditionsRefused(S3SigningPolicy policy, S3Addressing addressing) =>
        PostScenarios.UploadAndConditionsAsync(Server, new(policy, addressing));

    [IntegrationTheory(Server)]
    [MemberData(nameof(S3Harness.AllPolicies), MemberType = typeof(S3Harness))]
    public Task S3Client_PresignPost_ExpiredPolicyRefused(S3SigningPolicy policy) =>
        PostScenarios.ExpiredRefusedAsync(Server, new(policy, S3Addressing.PathStyle));

    [IntegrationTheory(Server)]
    [MemberData(nameof(S3Harness.AllModes), MemberType = typeof(S3Harness))]
    public Task S3Client_BucketCors_PutGetDeleteAndPreflight(S3SigningPolicy policy, S3Addressing addressing) =>
        PostScenarios.CorsRoundTripAsync(Server, new(policy, addressing));

    [IntegrationTheory(Server)]
    [MemberData(nameof(S3Harness.AllModes), MemberType = typeof(S3Harness))]
    public Task S3Client_BucketOperations_CreateHeadListDelete(S3SigningPolicy policy, S3Addressing addressing) =>
        ObjectScenarios.BucketOperationsAsync(Server, new(policy, addressing), "default");

    [IntegrationTheory(Server)]
    [MemberData(nameof(S3Harness.AllModes), MemberType = typeof(S3Harness))]
    public Task S3Client_PutObject_StreamPipeFileMd5Checksum(S3SigningPolicy policy, S3Addressing addressing) =>
        ObjectScenarios.PutVariantsAsync(Server, new(policy, addressing), _temp.Path);

    [IntegrationTheory(Server)]
    [MemberData(nameof(S3Harness.AllModes), MemberType = typeof(S3Harness))]
    public Task S3Client_GetObject_RangesAndConditions(S3SigningPolicy policy, S3Addressing addressing) =>
        ObjectScenarios.GetVariantsAsync(Server, new(policy, addressing));

    [IntegrationTheory(Server)]
    [MemberData(nameof(S3Harness.AllModes), MemberType = typeof(S3Harness))]
    public Task S3Client_CopyDelete_Work(S3SigningPolicy policy, S3Addressing addressing) =>
        ObjectScenarios.CopyDeleteAsync(Server, new(policy, addressing));

    [IntegrationTheory(Server)]
    [MemberData(nameof(S3Harness.AllModes), MemberType = typeof(S3Harness))]
    public Task S3Client_Listing_PagesV2AndV1(S3SigningPolicy policy, S3Addressing addressing) =>
        ObjectScenarios.ListingPagesAsync(Server, new(policy, addressing));

    [IntegrationTheory(Server)]
    [MemberData(nameof(S3Harness.AllModes), MemberType = typeof(S3Harness))]
    public Task S3Client_CannedAcls_SetAndReadBack(S3SigningPolicy policy, S3Addressing addressing) =>
        ObjectScenarios.AclAsync(Server, new(policy, addressing));

    [IntegrationTheory(Server)]
    [MemberData(nameof(S3Harness.AllModes), MemberType = typeof(S3Harness))]
    public Task S3Client_Multipart_CreateUploadListCompleteAbort(S3SigningPolicy policy, S3Addressing addressing) =>
        MultipartScenarios.LowLevelAsync(Server, new(policy, addressing));

    [IntegrationTheory(Server)]
    [MemberData(nameof(S3Harness.AllPolicies), MemberType = typeof(S3Harness))]
    public Task S3Client_UploadDownloadFile_52MiBParallelPartsHashVerified(S3SigningPolicy policy) =>
        MultipartScenarios.LargeFileAsync(Server, new(policy, S3Addressing.PathStyle), _temp.Path);

    [IntegrationTheory(Server)]
    [MemberData(nameof(S3Harness.AllPolicies), MemberType = typeof(S3Harness))]
    public Task S3Client_UploadFilePartFails_UploadAborted(S3SigningPolicy policy) =>
        MultipartScenarios.FailureAbortsAsync(Server, new(policy, S3Addressing.VirtualHost), _temp.Path);

    [IntegrationTheory(Server)]
    [MemberData(nameof(S3Harness.AllPolicies), MemberType = typeof(S3Harness))]
    public Task S3Client_ServerStoppedMidUpload_ClearErrorAndNoUploadLeft(S3SigningPolicy policy) =>
        MultipartScenarios.ServerStoppedMidUploadAsync(Server, new(policy, S3Addressing.PathStyle), _temp.Path);

    public static TheoryData<S3Addressing> Addressings() => new(S3Addressing.PathStyle, S3Addressing.VirtualHost);

    [IntegrationTheory(Server)]
    [MemberData(nameof(Addressings))]
    public Task S3Client_StreamingChunked_StoredByteExact(S3Addressing addressing) =>
        StreamingScenarios.StoredByteExactAsync(Server, addressing);

    [IntegrationTheory(Server)]
    [MemberData(nameof(Addressings))]
    public Task S3Client_StreamingChunkedTampered_SignatureDoesNotMatch(S3Addressing addressing) =>
        StreamingScenarios.TamperedChunkRejectedAsync(Server, addressing);

    [IntegrationFact(Server)]
    public Task S3Client_UploadDownloadFileStreamingChunked_52MiBHashVerified() =>
        MultipartScenarios.LargeFileAsync(Server, new(S3SigningPolicy.SigV4, S3Addressing.VirtualHost), _temp.Path, Payload.Streaming());

    [IntegrationTheory(Server)]
    [MemberData(nameof(S3Harness.AllPolicies), MemberType = typeof(S3Harness))]
    public Task S3Client_UnsignedPayload_Basics(S3SigningPolicy policy) =>
        SmokeScenarios.BasicsAsync(Server, new(policy, S3Addressing.PathStyle), Payload.Unsigned);
}
