using System.Security.Cryptography;
using Amazon.Runtime.Internal;
using Amazon.S3.Model;

namespace Signing.Benchmarks;

/// <summary>The SigV4 header-signing requests measured.</summary>
public enum HeaderCase
{
    /// <summary>S3 GetObject with a Range header (the AWS S3 docs example: 3 headers signed besides host).</summary>
    S3GetRange,

    /// <summary>S3 PutObject with six headers and two user-metadata headers, a precomputed payload hash and a key that needs encoding.</summary>
    S3PutMetadata,

    /// <summary>A non-S3 query API call (STS AssumeRole over GET): five unsorted query parameters, two needing encoding.</summary>
    StsQuery,
}

/// <summary>The SigV4 presigned URLs measured.</summary>
public enum PresignCase
{
    /// <summary>S3 GetObject presigned for 24 h (the AWS S3 docs example).</summary>
    S3Get,

    /// <summary>S3 PutObject presigned for 1 h binding Content-Type, with a key that needs encoding.</summary>
    S3Put,
}

/// <summary>The SigV2 header-signing requests measured.</summary>
public enum SigV2Case
{
    /// <summary>S3 GET of an object, virtual-hosted (the AWS S3 SigV2 docs example).</summary>
    S3Get,

    /// <summary>S3 PUT with Content-MD5, Content-Type, an ACL and three user-metadata headers (the docs' upload example, virtual-hosted).</summary>
    S3PutMetadata,
}

/// <summary>Credentials, time and region shared by every case: the AWS documentation example values.</summary>
internal static class Fixture
{
    public const string AccessKeyId = "AKIAIOSFODNN7EXAMPLE";
    public const string SecretAccessKey = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    public const string Region = "us-east-1";

    /// <summary>20130524T000000Z, the signing time of the AWS S3 SigV4 examples.</summary>
    public static readonly DateTimeOffset Timestamp = new(2013, 5, 24, 0, 0, 0, TimeSpan.Zero);

    public static readonly AwsCredentials Credentials = new(AccessKeyId, SecretAccessKey);

    /// <summary>The scope date of <see cref="Timestamp"/>, yyyyMMdd.</summary>
    public const string ScopeDate = "20130524";
}

/// <summary>
/// One request, described once and rendered both for our signer (a borrowed <see cref="HttpRequestView"/>)
/// and for AWSSDK.Core (a <see cref="DefaultRequest"/>, the type its signers take).
/// </summary>
internal sealed class RequestCase
{
    public required string Service { get; init; }

    public required string Method { get; init; }

    public required string Host { get; init; }

    /// <summary>The path as sent on the wire (percent-encoded).</summary>
    public required string Path { get; init; }

    /// <summary>The path decoded, as the SDK wants its ResourcePath (it encodes while canonicalizing).</summary>
    public string? SdkResourcePath { get; init; }

    /// <summary>The query as sent on the wire, without '?'.</summary>
    public string Query { get; init; } = string.Empty;

    /// <summary>The query decoded, as the SDK wants its Parameters (it encodes while canonicalizing).</summary>
    public KeyValuePair<string, string>[] SdkParameters { get; init; } = [];

    public HttpHeader[] Headers { get; init; } = [];

    public string PayloadHash { get; init; } = string.Empty;

    public SigningOptions Options { get; init; }

    /// <summary>For SigV2: the bucket named by the Host (virtual-hosted addressing).</summary>
    public string? Bucket { get; init; }

    /// <summary>A published signature for this exact request, when there is one.</summary>
    public string? PublishedSignature { get; init; }

    public HttpRequestView View() =>
        new(Method, Path, Query, Headers) { Host = Host, PayloadHash = PayloadHash };

    public Uri Url => new($"https://{Host}{Path}{(Query.Length > 0 ? "?" + Query : string.Empty)}");

    /// <summary>
    /// The same request as AWSSDK.Core's signers take it. The original-request object only carries
    /// per-operation settings that these signers do not read; any S3 model type does.
    /// </summary>
    public DefaultRequest CreateSdkRequest()
    {
        var request = new DefaultRequest(new GetObjectRequest(), Service == "s3" ? "AmazonS3" : "AmazonSecurityTokenService")
        {
            HttpMethod = Method,
            Endpoint = new Uri($"https://{Host}"),
            ResourcePath = SdkResourcePath ?? Path,
            AuthenticationRegion = Fixture.Region,
            OverrideSigningServiceName = Service,
        };
        foreach (var h in Headers)
        {
            request.Headers[h.Name] = h.Value;
        }

        foreach (var p in SdkParameters)
        {
            request.Parameters[p.Key] = p.Value;
        }

        request.UseQueryString = SdkParameters.Length > 0;
        if (PayloadHash.Length > 0)
        {
            request.PrecomputedContentSha256 = PayloadHash;
            request.Headers["x-amz-content-sha256"] = PayloadHash;
        }

        if (Bucket is not null)
        {
            // SigV2 with virtual-hosted addressing: the SDK keeps the bucket here.
            request.CanonicalResourcePrefix = "/" + Bucket;
        }

        return request;
    }

    public static RequestCase For(HeaderCase c) => c switch
    {
        HeaderCase.S3GetRange => new RequestCase
        {
            Service = "s3",
            Method = "GET",
            Host = "examplebucket.s3.amazonaws.com",
            Path = "/test.txt",
            Headers = [new("Range", "bytes=0-9")],
            Options = SigningOptions.S3,
            PublishedSignature = "f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41",
        },
        HeaderCase.S3PutMetadata => new RequestCase
        {
            Service = "s3",
            Method = "PUT",
            Host = "examplebucket.s3.amazonaws.com",
            Path = "/photos/2024/cat%20on%20keyboard.jpg",
            SdkResourcePath = "/photos/2024/cat on keyboard.jpg",
            Headers =
            [
                new("Content-Type", "image/jpeg"),
                new("Content-Length", "524288"),
                new("Content-MD5", "1B2M2Y8AsgTpgAmY7PhCfg=="),
                new("Cache-Control", "max-age=86400"),
                new("x-amz-storage-class", "STANDARD_IA"),
                new("x-amz-server-side-encryption", "AES256"),
                new("x-amz-meta-camera", "Fujifilm X100V"),
                new("x-amz-meta-author", "Jane Doe"),
            ],
            PayloadHash = Convert.ToHexStringLower(SHA256.HashData(new byte[524288])),
            Options = SigningOptions.S3,
        },
        HeaderCase.StsQuery => new RequestCase
        {
            Service = "sts",
            Method = "GET",
            Host = "sts.us-east-1.amazonaws.com",
            Path = "/",
            Query = "Version=2011-06-15&Action=AssumeRole&RoleSessionName=bench-session&RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Fdemo&DurationSeconds=3600",
            SdkParameters =
            [
                new("Version", "2011-06-15"),
                new("Action", "AssumeRole"),
                new("RoleSessionName", "bench-session"),
                new("RoleArn", "arn:aws:iam::123456789012:role/demo"),
                new("DurationSeconds", "3600"),
            ],
            // AWSSDK.Core adds and signs x-amz-content-sha256 on every SigV4 request; sign it here too so
            // both do the same work and the signatures can be compared.
            Options = SigningOptions.Default with { ContentSha256Header = ContentSha256Header.Include },
        },
        _ => throw new ArgumentOutOfRangeException(nameof(c), c, null),
    };

    public static RequestCase For(PresignCase c) => c switch
    {
        PresignCase.S3Get => new RequestCase
        {
            Service = "s3",
            Method = "GET",
            Host = "examplebucket.s3.amazonaws.com",
            Path = "/test.txt",
            Options = SigningOptions.S3,
            PublishedSignature = "aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404",
        },
        PresignCase.S3Put => new RequestCase
        {
            Service = "s3",
            Method = "PUT",
            Host = "examplebucket.s3.amazonaws.com",
            Path = "/photos/2024/cat%20on%20keyboard.jpg",
            SdkResourcePath = "/photos/2024/cat on keyboard.jpg",
            Headers = [new("Content-Type", "image/jpeg")],
            Options = SigningOptions.S3,
        },
        _ => throw new ArgumentOutOfRangeException(nameof(c), c, null),
    };

    public static TimeSpan ExpiresFor(PresignCase c) => c == PresignCase.S3Get ? TimeSpan.FromDays(1) : TimeSpan.FromHours(1);

    public static RequestCase For(SigV2Case c) => c switch
    {
        SigV2Case.S3Get => new RequestCase
        {
            Service = "s3",
            Method = "GET",
            Host = "johnsmith.s3.amazonaws.com",
            Path = "/photos/puppy.jpg",
            Bucket = "johnsmith",
        },
        SigV2Case.S3PutMetadata => new RequestCase
        {
            Service = "s3",
            Method = "PUT",
            Host = "johnsmith.s3.amazonaws.com",
            Path = "/db-backup.dat.gz",
            Bucket = "johnsmith",
            Headers =
            [
                new("x-amz-acl", "public-read"),
                new("Content-Type", "application/x-download"),
                new("Content-MD5", "4gJE4saaMU4BqNR0kLY+lw=="),
                new("X-Amz-Meta-ReviewedBy", "joe@johnsmith.net"),
                new("X-Amz-Meta-FileChecksum", "0x02661779"),
                new("X-Amz-Meta-ChecksumAlgorithm", "crc32"),
                new("Content-Disposition", "attachment; filename=database.dat"),
                new("Content-Length", "5913339"),
            ],
        },
        _ => throw new ArgumentOutOfRangeException(nameof(c), c, null),
    };
}
