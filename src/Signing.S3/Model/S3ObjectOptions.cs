using Signing.Checksums;

namespace Signing.S3;

/// <summary>Options of PutObject, CreateMultipartUpload and UploadFile.</summary>
public sealed record PutObjectOptions
{
    /// <summary>The <c>Content-Type</c> stored with the object.</summary>
    public string? ContentType { get; init; }

    /// <summary>User metadata, sent as <c>x-amz-meta-{name}</c> (names are lower-cased by servers; values ASCII).</summary>
    public IReadOnlyDictionary<string, string>? Metadata { get; init; }

    /// <summary>A canned ACL, sent as <c>x-amz-acl</c>; null leaves the server's default (private).</summary>
    public S3CannedAcl? CannedAcl { get; init; }

    /// <summary>Send <c>Content-MD5</c> so the server verifies the body (PutObject, UploadPart).</summary>
    public bool ContentMd5 { get; init; }

    /// <summary>Send an <c>x-amz-checksum-*</c> header of this algorithm, which the server verifies and stores (PutObject only).</summary>
    public ChecksumAlgorithm? Checksum { get; init; }

    /// <summary>Further headers to send, such as <c>Cache-Control</c> or <c>Content-Disposition</c>.</summary>
    public IReadOnlyDictionary<string, string>? Headers { get; init; }
}

/// <summary>The answer to PutObject or CompleteMultipartUpload.</summary>
/// <param name="ETag">The object's entity tag.</param>
/// <param name="VersionId">The version id, on a versioned bucket.</param>
/// <param name="Checksum">The <c>x-amz-checksum-*</c> value the server returned, if any.</param>
public sealed record PutObjectResult(string? ETag, string? VersionId, string? Checksum);

/// <summary>Options of GetObject.</summary>
public sealed record GetObjectOptions
{
    /// <summary>The first byte to return (inclusive); with <see cref="RangeTo"/> null, up to the end.</summary>
    public long? RangeFrom { get; init; }

    /// <summary>The last byte to return (inclusive). Alone, it asks for the last bytes only if <see cref="RangeFrom"/> is null: <c>bytes=-N</c>.</summary>
    public long? RangeTo { get; init; }

    /// <summary>Return the object only if its ETag is this (else 412 PreconditionFailed).</summary>
    public string? IfMatch { get; init; }

    /// <summary>Return the object only if its ETag is not this (else 304 NotModified).</summary>
    public string? IfNoneMatch { get; init; }

    /// <summary>Return the object only if modified since (else 304 NotModified).</summary>
    public DateTimeOffset? IfModifiedSince { get; init; }

    internal string? RangeHeader => (RangeFrom, RangeTo) switch
    {
        (null, null) => null,
        ({ } from, null) => FormattableString.Invariant($"bytes={from}-"),
        (null, { } last) => FormattableString.Invariant($"bytes=-{last}"),
        ({ } from, { } to) => FormattableString.Invariant($"bytes={from}-{to}"),
    };
}

/// <summary>Options of CopyObject.</summary>
public sealed record CopyObjectOptions
{
    /// <summary>Replace the metadata and Content-Type with these (<c>x-amz-metadata-directive: REPLACE</c>) instead of copying them.</summary>
    public PutObjectOptions? ReplaceMetadata { get; init; }

    /// <summary>A canned ACL for the copy.</summary>
    public S3CannedAcl? CannedAcl { get; init; }

    /// <summary>
    /// The copy's storage class, sent as <c>x-amz-storage-class</c> (such as <c>STANDARD_IA</c>),
    /// whether the metadata is copied or replaced; null leaves the server's default (STANDARD).
    /// </summary>
    public string? StorageClass { get; init; }

    /// <summary>Copy only if the source's ETag is this.</summary>
    public string? IfMatch { get; init; }
}

/// <summary>The answer to CopyObject.</summary>
/// <param name="ETag">The copy's entity tag.</param>
/// <param name="LastModified">The copy's last-modified time.</param>
public sealed record CopyObjectResult(string? ETag, DateTimeOffset? LastModified);

/// <summary>Options of a presigned GET: response header overrides (<c>response-*</c> query parameters).</summary>
public sealed record PresignGetOptions
{
    /// <summary>The <c>Content-Type</c> the server answers with.</summary>
    public string? ResponseContentType { get; init; }

    /// <summary>The <c>Content-Disposition</c> the server answers with, such as <c>attachment; filename="a.txt"</c>.</summary>
    public string? ResponseContentDisposition { get; init; }

    /// <summary>The <c>Cache-Control</c> the server answers with.</summary>
    public string? ResponseCacheControl { get; init; }

    /// <summary>The <c>Content-Encoding</c> the server answers with.</summary>
    public string? ResponseContentEncoding { get; init; }

    /// <summary>The <c>Content-Language</c> the server answers with.</summary>
    public string? ResponseContentLanguage { get; init; }

    /// <summary>The <c>Expires</c> the server answers with.</summary>
    public string? ResponseExpires { get; init; }
}

/// <summary>Options of UploadFile and DownloadFile.</summary>
public sealed record TransferOptions
{
    /// <summary>Above this size the transfer is multipart (parallel parts or ranges). Default 16 MiB.</summary>
    public long MultipartThreshold { get; init; } = 16L * 1024 * 1024;

    /// <summary>The part (or range) size: at least 5 MiB for uploads, as S3 requires of all parts but the last. Default 8 MiB.</summary>
    public long PartSize { get; init; } = 8L * 1024 * 1024;

    /// <summary>Parts (or ranges) in flight at once. Default 4.</summary>
    public int MaxConcurrency { get; init; } = 4;

    /// <summary>Receives the total bytes transferred so far, after each part or buffer.</summary>
    public IProgress<long>? Progress { get; init; }

    /// <summary>Options of the uploaded object (Content-Type, metadata, ACL).</summary>
    public PutObjectOptions? ObjectOptions { get; init; }
}
