namespace Signing.Benchmarks;

/// <summary>
/// Before anything is timed: runs every benchmark method once through the benchmark classes' own
/// setup and checks that the peers compute the same signature of the same request (ours, core and
/// convenience, warm and cold; the floor; AWSSDK.Core; the published value where there is one).
/// A benchmark that compares different work is worse than none, so a mismatch fails the run.
/// </summary>
internal static class CrossCheck
{
    public static bool Run(TextWriter log)
    {
        var failures = new List<string>();
        foreach (var c in Enum.GetValues<HeaderCase>())
        {
            CheckHeader(c, failures, log);
        }

        foreach (var c in Enum.GetValues<PresignCase>())
        {
            CheckPresign(c, failures, log);
        }

        foreach (var c in Enum.GetValues<SigV2Case>())
        {
            CheckSigV2(c, failures, log);
        }

        foreach (var f in failures)
        {
            log.WriteLine($"cross-check FAILED: {f}");
        }

        log.WriteLine(failures.Count == 0 ? "cross-check: every peer computes the same signatures." : $"cross-check: {failures.Count} mismatch(es).");
        return failures.Count == 0;
    }

    private static void CheckHeader(HeaderCase c, List<string> failures, TextWriter log)
    {
        var b = new SigV4HeaderSigning { Request = c };
        b.Setup();
        try
        {
            b.Ours_TryCompute();
            string ours = b.CoreSignature;
            log.WriteLine($"SigV4 header {c}: {ours}");
            Expect(failures, $"SigV4 {c} Ours_Sign", ours, b.Ours_Sign().Signature);
            b.Ours_TryCompute_Cold();
            Expect(failures, $"SigV4 {c} Ours_TryCompute_Cold", ours, b.CoreSignature);
            Expect(failures, $"SigV4 {c} Ours_Sign_Cold", ours, b.Ours_Sign_Cold().Signature);
            b.Floor();
            Expect(failures, $"SigV4 {c} Floor", ours, b.FloorSignature);
            b.Floor_Cold();
            Expect(failures, $"SigV4 {c} Floor_Cold", ours, b.FloorSignature);
            Expect(failures, $"SigV4 {c} AwsSdk_AWS4Signer", ours, b.AwsSdk_AWS4Signer().Signature);
            string authorization = b.AwsSdk_AWSSigV4Signer().Headers["Authorization"];
            Expect(failures, $"SigV4 {c} AwsSdk_AWSSigV4Signer", ours, authorization[(authorization.LastIndexOf('=') + 1)..]);
            if (RequestCase.For(c).PublishedSignature is { } published)
            {
                Expect(failures, $"SigV4 {c} published", published, ours);
            }
        }
        finally
        {
            b.Cleanup();
        }
    }

    private static void CheckPresign(PresignCase c, List<string> failures, TextWriter log)
    {
        var b = new SigV4Presign { Request = c };
        b.Setup();
        try
        {
            string target = b.Ours_PresignTarget();
            string ours = SignatureOf(target);
            log.WriteLine($"SigV4 presign {c}: {b.Origin}{target}");
            Expect(failures, $"presign {c} Ours_Presign_Url", b.Origin + target, b.Ours_Presign_Url());
            b.Floor();
            Expect(failures, $"presign {c} Floor", ours, b.FloorSignature);
            string sdk = b.AwsSdk_AWS4PreSignedUrlSigner();
            log.WriteLine($"  AWSSDK: {sdk}");
            Expect(failures, $"presign {c} AwsSdk_AWS4PreSignedUrlSigner", ours, SignatureOf(sdk));
            // The S3 client signs at the current time: its signature differs; check it produced a presigned URL.
            string client = b.AwsSdk_S3Client_GetPreSignedURL();
            log.WriteLine($"  AmazonS3Client: {client}");
            if (!client.Contains("X-Amz-Signature=", StringComparison.Ordinal))
            {
                failures.Add($"presign {c} AwsSdk_S3Client_GetPreSignedURL: not a SigV4 presigned URL: {client}");
            }

            if (RequestCase.For(c).PublishedSignature is { } published)
            {
                Expect(failures, $"presign {c} published", published, ours);
            }
        }
        finally
        {
            b.Cleanup();
        }
    }

    private static void CheckSigV2(SigV2Case c, List<string> failures, TextWriter log)
    {
        var b = new SigV2HeaderSigning { Request = c };
        b.Setup();
        try
        {
            string ours = b.Ours_Sign().Signature;
            log.WriteLine($"SigV2 {c}: {ours}");
            b.Floor();
            Expect(failures, $"SigV2 {c} Floor", ours, b.FloorSignature);
            string sdk = b.AwsSdk_S3Signer();
            Expect(failures, $"SigV2 {c} AwsSdk_S3Signer", b.OursWithSdkDate(), sdk[(sdk.IndexOf(':', StringComparison.Ordinal) + 1)..]);
        }
        finally
        {
            b.Cleanup();
        }
    }

    private static string SignatureOf(string url)
    {
        const string Name = "X-Amz-Signature=";
        int i = url.IndexOf(Name, StringComparison.Ordinal);
        if (i < 0)
        {
            return "(no X-Amz-Signature)";
        }

        int end = url.IndexOf('&', i);
        return url[(i + Name.Length)..(end < 0 ? url.Length : end)];
    }

    private static void Expect(List<string> failures, string what, string expected, string actual)
    {
        if (!string.Equals(expected, actual, StringComparison.Ordinal))
        {
            failures.Add($"{what}: expected {expected}, got {actual}");
        }
    }
}
