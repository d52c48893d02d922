namespace Signing.S3;

/// <summary>A bucket in a ListBuckets answer.</summary>
/// <param name="Name">The bucket name.</param>
/// <param name="CreationDate">When it was created, if the server says.</param>
public sealed record S3Bucket(string Name, DateTimeOffset? CreationDate);

/// <summary>An object in a listing.</summary>
/// <param name="Key">The key, decoded.</param>
/// <param name="Size">The size in bytes.</param>
/// <param name="LastModified">The last-modified time, if given.</param>
/// <param name="ETag">The entity tag, quotes kept as sent.</param>
/// <param name="StorageClass">The storage class, if given.</param>
public sealed record S3Object(string Key, long Size, DateTimeOffset? LastModified, string? ETag, string? StorageClass);

/// <summary>Options of ListObjects (V2 and V1).</summary>
public sealed record ListObjectsOptions
{
    /// <summary>List only keys that start with this.</summary>
    public string? Prefix { get; init; }

    /// <summary>Group keys up to the next delimiter (usually <c>/</c>) into <see cref="ListObjectsResult.CommonPrefixes"/>.</summary>
    public string? Delimiter { get; init; }

    /// <summary>V2: list keys after this one.</summary>
    public string? StartAfter { get; init; }

    /// <summary>V1: list keys after this one.</summary>
    public string? Marker { get; init; }

    /// <summary>At most this many keys per page (the server caps it at 1000).</summary>
    public int? MaxKeys { get; init; }

    /// <summary>V2: the <see cref="ListObjectsResult.NextContinuationToken"/> of the previous page.</summary>
    public string? ContinuationToken { get; init; }
}

/// <summary>One page of a listing.</summary>
public sealed record ListObjectsResult
{
    /// <summary>The objects on this page.</summary>
    public required IReadOnlyList<S3Object> Objects { get; init; }

    /// <summary>The common prefixes (folders) when a delimiter was given.</summary>
    public required IReadOnlyList<string> CommonPrefixes { get; init; }

    /// <summary>Whether more pages follow.</summary>
    public bool IsTruncated { get; init; }

    /// <summary>V2: the token of the next page.</summary>
    public string? NextContinuationToken { get; init; }

    /// <summary>V1: the marker of the next page (the server's NextMarker, or the last key or prefix of this page).</summary>
    public string? NextMarker { get; init; }
}

/// <summary>A multipart upload in progress (ListMultipartUploads).</summary>
/// <param name="Key">The object key.</param>
/// <param name="UploadId">The upload id.</param>
/// <param name="Initiated">When it was started, if given.</param>
public sealed record S3MultipartUpload(string Key, string UploadId, DateTimeOffset? Initiated);

/// <summary>An uploaded part (ListParts), or a part to complete an upload with.</summary>
/// <param name="PartNumber">The part number, 1 to 10000.</param>
/// <param name="ETag">The part's entity tag, as UploadPart returned it.</param>
/// <param name="Size">The part size in bytes (ListParts; 0 when unknown).</param>
public sealed record S3Part(int PartNumber, string ETag, long Size = 0);

/// <summary>The outcome of DeleteObjects.</summary>
/// <param name="Deleted">The keys deleted.</param>
/// <param name="Errors">The keys that were not, with the server's code and message.</param>
public sealed record DeleteObjectsResult(IReadOnlyList<string> Deleted, IReadOnlyList<S3DeleteError> Errors);

/// <summary>A key DeleteObjects could not delete.</summary>
/// <param name="Key">The key.</param>
/// <param name="Code">The S3 error code.</param>
/// <param name="Message">The server's message.</param>
public sealed record S3DeleteError(string Key, string Code, string? Message);

/// <summary>An access control list.</summary>
/// <param name="OwnerId">The owner's canonical id.</param>
/// <param name="OwnerDisplayName">The owner's display name, if given.</param>
/// <param name="Grants">The grants.</param>
public sealed record S3AccessControlList(string? OwnerId, string? OwnerDisplayName, IReadOnlyList<S3Grant> Grants)
{
    /// <summary>Whether the AllUsers group may read: the object or bucket is public.</summary>
    public bool IsPublicRead => Grants.Any(g => g.GranteeUri is { } u && u.EndsWith("/global/AllUsers", StringComparison.Ordinal) && g.Permission is "READ" or "FULL_CONTROL");
}

/// <summary>One grant of an ACL.</summary>
/// <param name="GranteeType">The grantee's type: <c>CanonicalUser</c>, <c>Group</c> or <c>AmazonCustomerByEmail</c>.</param>
/// <param name="GranteeId">The canonical user id, if a user.</param>
/// <param name="GranteeUri">The group URI, if a group (such as <c>http://acs.amazonaws.com/groups/global/AllUsers</c>).</param>
/// <param name="Permission">The permission: <c>READ</c>, <c>WRITE</c>, <c>READ_ACP</c>, <c>WRITE_ACP</c> or <c>FULL_CONTROL</c>.</param>
public sealed record S3Grant(string? GranteeType, string? GranteeId, string? GranteeUri, string Permission);
