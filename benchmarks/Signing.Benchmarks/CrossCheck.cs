using System.Globalization;
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

        foreach (var c in Enum.GetValues<HeaderCase>())
        {
            CheckSigV4a(c, failures, log);
        }

        CheckS3Clients(failures, log);

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

            CheckMinioPresign(c, b, failures, log);
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

    /// <summary>
    /// MinIO presigns path-style (<c>s3.us-east-1.amazonaws.com/examplebucket/...</c>) and signs only
    /// Host; its GET presign takes the signing time (the fixture's), its PUT presign signs at the
    /// current time. Either way, ours presigning the same URL at MinIO's X-Amz-Date must give the same
    /// signature; and the expiry and scope must be the case's.
    /// </summary>
    private static void CheckMinioPresign(PresignCase c, SigV4Presign b, List<string> failures, TextWriter log)
    {
        string minio = b.Minio_PresignedObject().GetAwaiter().GetResult();
        var url = new Uri(minio);
        log.WriteLine($"  MinIO: {minio}");
        var query = url.Query.TrimStart('?').Split('&').Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => p.Length > 1 ? Uri.UnescapeDataString(p[1]) : string.Empty, StringComparer.Ordinal);
        string Param(string name) => query.TryGetValue(name, out var v) ? v : "(none)";
        var expected = RequestCase.For(c);
        Expect(failures, $"presign {c} Minio path", $"/examplebucket{expected.Path}", url.AbsolutePath);
        Expect(failures, $"presign {c} Minio expiry", $"{(long)RequestCase.ExpiresFor(c).TotalSeconds}", Param("X-Amz-Expires"));
        string credential = Param("X-Amz-Credential");
        Expect(failures, $"presign {c} Minio credential scope", $"{Fixture.AccessKeyId}/{Fixture.Region}/s3/aws4_request", string.Join('/', credential.Split('/').Where((_, i) => i != 1)));
        if (c == PresignCase.S3Get)
        {
            Expect(failures, $"presign {c} Minio X-Amz-Date (the fixed time given)", Fixture.Timestamp.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture), Param("X-Amz-Date"));
        }

        if (DateTimeOffset.TryParseExact(Param("X-Amz-Date"), "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time))
        {
            string ours = b.OursPresign(new Uri(url.GetLeftPart(UriPartial.Path)), time);
            Expect(failures, $"presign {c} Minio signature (ours on the same URL and time)", SignatureOf(ours), Param("X-Amz-Signature"));
        }
        else
        {
            failures.Add($"presign {c} Minio_PresignedObject: not a SigV4 presigned URL: {minio}");
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

    /// <summary>ECDSA is randomized: SigV4a and its floor are checked by verifying their signatures with the access key's public key.</summary>
    private static void CheckSigV4a(HeaderCase c, List<string> failures, TextWriter log)
    {
        var b = new SigV4aHeaderSigning { Request = c };
        b.Setup();
        try
        {
            var (ours, floor) = b.Verify();
            log.WriteLine($"SigV4a header {c}: signature verifies {ours}, floor verifies {floor}");
            Expect(failures, $"SigV4a {c} Ours_SigV4a_Sign verifies", "True", ours.ToString());
            Expect(failures, $"SigV4a {c} Floor verifies", "True", floor.ToString());
        }
        finally
        {
            b.Cleanup();
        }
    }

    /// <summary>
    /// The S3 clients cannot produce the same signature (the SDK signs at the current time), so
    /// check that they do the same work: per operation the same method, path, query parameters and
    /// payload hash, a SigV4 signature of the same scope, and the same answer (ETag, body length,
    /// every decoded key). The signed header sets are printed, since they legitimately differ.
    /// </summary>
    private static void CheckS3Clients(List<string> failures, TextWriter log)
    {
        var b = new S3ClientOverhead();
        b.Setup();
        try
        {
            var ours = b.OursAnswer().GetAwaiter().GetResult();
            var sdk = b.SdkAnswer().GetAwaiter().GetResult();
            Expect(failures, "S3 PutObject ETag (ours)", CannedS3Handler.ObjectETag, ours.ETag ?? "(none)");
            Expect(failures, "S3 PutObject ETag (AWSSDK.S3)", CannedS3Handler.ObjectETag, sdk.ETag ?? "(none)");
            Expect(failures, "S3 GetObject length (ours)", $"{CannedS3Handler.ObjectLength}", $"{ours.Length}");
            Expect(failures, "S3 GetObject length (AWSSDK.S3)", $"{CannedS3Handler.ObjectLength}", $"{sdk.Length}");
            Expect(failures, "S3 ListObjectsV2 key count (ours)", $"{CannedS3Handler.ListedKeys}", $"{ours.Keys.Count}");
            int differ = Enumerable.Range(0, Math.Min(ours.Keys.Count, sdk.Keys.Count)).FirstOrDefault(i => ours.Keys[i] != sdk.Keys[i], -1);
            if (differ >= 0 || ours.Keys.Count != sdk.Keys.Count)
            {
                failures.Add(differ >= 0
                    ? $"S3 ListObjectsV2 key {differ}: ours {ours.Keys[differ]}, AWSSDK.S3 {sdk.Keys[differ]}"
                    : $"S3 ListObjectsV2: ours {ours.Keys.Count} keys, AWSSDK.S3 {sdk.Keys.Count}");
            }

            var minio = b.MinioAnswer().GetAwaiter().GetResult();
            Expect(failures, "S3 PutObject ETag (MinIO)", CannedS3Handler.ObjectETag.Trim('"'), minio.ETag?.Trim('"') ?? "(none)");
            Expect(failures, "S3 GetObject length (MinIO)", $"{CannedS3Handler.ObjectLength}", $"{minio.Length}");
            Expect(failures, "S3 ListObjectsV2 keys (MinIO)", string.Join('|', ours.Keys), string.Join('|', minio.Keys));
            Expect(failures, "S3 ListObjectsV2 first key decoded", "logs/2026/11/01/app server-000000.json.gz", ours.Keys.Count > 0 ? ours.Keys[0] : "(none)");

            foreach (var op in Enum.GetValues<S3Operation>())
            {
                b.Operation = op;
                b.Handler.Record = true;
                b.Ours_S3Client().GetAwaiter().GetResult();
                var o = b.Handler.Last;
                b.AwsSdk_AmazonS3Client().GetAwaiter().GetResult();
                var s = b.Handler.Last;
                b.Handler.Record = true;
                b.Minio_MinioClient().GetAwaiter().GetResult();
                var m = b.Handler.Last;
                string minioRequests = string.Join(", ", b.Handler.Recorded);
                b.Handler.Record = false;
                log.WriteLine($"S3 {op}: MinIO sends {minioRequests}");
                Expect(failures, $"S3 {op} MinIO method", o.Method, m.Method);
                Expect(failures, $"S3 {op} MinIO path", o.Url?.AbsolutePath.TrimEnd('/') ?? "?", m.Url?.AbsolutePath.TrimEnd('/') ?? "?");
                Expect(failures, $"S3 {op} MinIO query", SortedQuery(o.Url), MinioQuery(m.Url));
                Expect(failures, $"S3 {op} MinIO body length", $"{o.BodyLength}", $"{m.BodyLength}");
                Expect(failures, $"S3 {op} MinIO x-amz-content-sha256", Header(o.Headers, "x-amz-content-sha256"), Header(m.Headers, "x-amz-content-sha256"));
                Expect(failures, $"S3 {op} MinIO credential scope", ScopeOf(Header(o.Headers, "Authorization")), ScopeOf(Header(m.Headers, "Authorization")));
                log.WriteLine($"S3 {op}: MinIO {m.Method} {m.Url?.PathAndQuery}, signs {SignedHeadersOf(Header(m.Headers, "Authorization"))}");
                Expect(failures, $"S3 {op} method", o.Method, s.Method);
                // A bucket's path may end in '/' (the SDK sends /bucket/ for a listing, we send /bucket): the same resource.
                Expect(failures, $"S3 {op} path", o.Url?.AbsolutePath.TrimEnd('/') ?? "?", s.Url?.AbsolutePath.TrimEnd('/') ?? "?");
                // Our listing asks for encoding-type=url (and decodes); the SDK's default does not.
                Expect(failures, $"S3 {op} query", SortedQuery(o.Url).Replace("encoding-type=url&", string.Empty, StringComparison.Ordinal), SortedQuery(s.Url));
                Expect(failures, $"S3 {op} body length", $"{o.BodyLength}", $"{s.BodyLength}");
                Expect(failures, $"S3 {op} x-amz-content-sha256", Header(o.Headers, "x-amz-content-sha256"), Header(s.Headers, "x-amz-content-sha256"));
                Expect(failures, $"S3 {op} credential scope", ScopeOf(Header(o.Headers, "Authorization")), ScopeOf(Header(s.Headers, "Authorization")));
                log.WriteLine($"S3 {op}: ours {o.Method} {o.Url?.PathAndQuery}, AWSSDK.S3 {s.Method} {s.Url?.PathAndQuery}, x-amz-content-sha256 {Header(o.Headers, "x-amz-content-sha256")}");
                log.WriteLine($"  ours signs      {SignedHeadersOf(Header(o.Headers, "Authorization"))}");
                log.WriteLine($"  AWSSDK.S3 signs {SignedHeadersOf(Header(s.Headers, "Authorization"))}");
            }
        }
        finally
        {
            b.Cleanup();
        }
    }

    /// <summary>MinIO's query without what asks for S3's defaults anyway (an empty delimiter, 1000 keys a page).</summary>
    private static string MinioQuery(Uri? url) =>
        string.Join('&', SortedQuery(url).Split('&').Where(p => p is not ("delimiter=" or "max-keys=1000")));

    private static string SortedQuery(Uri? url) =>
        url is null ? "?" : string.Join('&', url.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal));

    private static string Header(Dictionary<string, string> headers, string name) =>
        headers.TryGetValue(name, out var value) ? value : "(none)";

    /// <summary><c>AWS4-HMAC-SHA256 Credential=AKID/20261121/us-east-1/s3/aws4_request, ...</c>: the part after the date.</summary>
    private static string ScopeOf(string authorization)
    {
        int start = authorization.IndexOf("Credential=", StringComparison.Ordinal);
        int end = authorization.IndexOf(',', Math.Max(start, 0));
        if (start < 0 || end < 0 || !authorization.StartsWith("AWS4-HMAC-SHA256 ", StringComparison.Ordinal))
        {
            return $"(not SigV4: {authorization})";
        }

        string credential = authorization[(start + "Credential=".Length)..end];
        var parts = credential.Split('/');
        return parts.Length == 5 ? $"{parts[0]}/{parts[2]}/{parts[3]}/{parts[4]}" : credential;
    }

    private static string SignedHeadersOf(string authorization) => ValueAfter(authorization, "SignedHeaders=", ',') ?? "(none)";

    private static string SignatureOf(string url) => ValueAfter(url, "X-Amz-Signature=", '&') ?? "(no X-Amz-Signature)";

    /// <summary>What follows <paramref name="name"/> in <paramref name="text"/> up to <paramref name="end"/> (or the end), or null.</summary>
    private static string? ValueAfter(string text, string name, char end)
    {
        int i = text.IndexOf(name, StringComparison.Ordinal);
        if (i < 0)
        {
            return null;
        }

        int stop = text.IndexOf(end, i);
        return text[(i + name.Length)..(stop < 0 ? text.Length : stop)];
    }

    private static void Expect(List<string> failures, string what, string expected, string actual)
    {
        if (!string.Equals(expected, actual, StringComparison.Ordinal))
        {
            failures.Add($"{what}: expected {expected}, got {actual}");
        }
    }
}
