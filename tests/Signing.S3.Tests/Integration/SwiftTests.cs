namespace Signing.S3.Tests.Integration;

/// <summary>OpenStack Swift with s3api (SIGNING_TEST_SWIFT_*): no aws-chunked, no anonymous requests.</summary>
public sealed class SwiftTests : IDisposable
{
    private const string Server = TestServers.Swift;
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
        AuthScenarios.WrongSecretRejectedAsync(Server, new(policy, addressing), serverExplains: true);

    [IntegrationTheory(Server)]
    [MemberData(nameof(S3Harness.AllPolicies), MemberType = typeof(S3Harness))]
    public Task S3Client_UnknownAccessKey_SignatureDoesNotMatch(S3SigningPolicy policy) =>
        AuthScenarios.UnknownAccessKeyRejectedAsync(Server, new(policy, S3Addressing.PathStyle), "SignatureDoesNotMatch");

    [IntegrationTheory(Server)]
    [MemberData(nameof(S3Harness.AllModes), MemberType = typeof(S3Harness))]
    public Task S3Client_AnonymousRead_NotServed(S3SigningPolicy policy, S3Addressing addressing) =>
        AuthScenarios.AnonymousNotServedAsync(Server, new(policy, addressing));

    /// <summary>Swift's s3api serves no anonymous request, so public-read objects cannot be read without a signature.</summary>
    [Fact(Skip = "Unsupported by Swift s3api: anonymous requests are not served (they reach the native Swift API, 400/412), so public-read objects cannot be read anonymously.")]
    public void S3Client_PublicRead_UnsupportedOnSwift()
    {
    }


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
    public Task S3Client_BucketOperations_CreateHeadListDelete(S3SigningPolicy policy, S3Addressing addressing) =>
        ObjectScenarios.BucketOperationsAsync(Server, new(policy, addressing), "us-east-1");

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
    public Task S3Client_AclChange_NotImplemented(S3SigningPolicy policy, S3Addressing addressing) =>
        ObjectScenarios.AclChangeNotImplementedAsync(Server, new(policy, addressing));

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
    public Task S3Client_StreamingChunked_NotImplemented(S3Addressing addressing) =>
        StreamingScenarios.NotImplementedAsync(Server, addressing);

    [IntegrationTheory(Server)]
    [MemberData(nameof(S3Harness.AllModes), MemberType = typeof(S3Harness))]
    public Task S3Client_HeaderChangedAfterSigning_HintNamesDifferingLine(S3SigningPolicy policy, S3Addressing addressing) =>
        AuthScenarios.HeaderChangedAfterSigningExplainedAsync(Server, new(policy, addressing));

    [IntegrationTheory(Server)]
    [MemberData(nameof(S3Harness.AllPolicies), MemberType = typeof(S3Harness))]
    public Task S3Client_UnsignedPayload_Basics(S3SigningPolicy policy) =>
        SmokeScenarios.BasicsAsync(Server, new(policy, S3Addressing.PathStyle), Payload.Unsigned);
}
