namespace Signing.S3;

/// <summary>The canned ACLs, sent as <c>x-amz-acl</c>.</summary>
public enum S3CannedAcl
{
    /// <summary><c>private</c>: the owner only (the default of a new object or bucket).</summary>
    Private = 0,

    /// <summary><c>public-read</c>: anyone may read.</summary>
    PublicRead = 1,

    /// <summary><c>public-read-write</c>: anyone may read and write (buckets).</summary>
    PublicReadWrite = 2,

    /// <summary><c>authenticated-read</c>: any authenticated user may read.</summary>
    AuthenticatedRead = 3,

    /// <summary><c>bucket-owner-read</c>: the bucket owner may read the object.</summary>
    BucketOwnerRead = 4,

    /// <summary><c>bucket-owner-full-control</c>: the bucket owner has full control of the object.</summary>
    BucketOwnerFullControl = 5,
}

/// <summary>Wire names of <see cref="S3CannedAcl"/>.</summary>
public static class S3CannedAclExtensions
{
    /// <summary>The <c>x-amz-acl</c> value, such as <c>public-read</c>.</summary>
    /// <param name="acl">The canned ACL.</param>
    /// <returns>The header value.</returns>
    public static string ToHeaderValue(this S3CannedAcl acl) => acl switch
    {
        S3CannedAcl.Private => "private",
        S3CannedAcl.PublicRead => "public-read",
        S3CannedAcl.PublicReadWrite => "public-read-write",
        S3CannedAcl.AuthenticatedRead => "authenticated-read",
        S3CannedAcl.BucketOwnerRead => "bucket-owner-read",
        S3CannedAcl.BucketOwnerFullControl => "bucket-owner-full-control",
        _ => throw new ArgumentOutOfRangeException(nameof(acl), acl, $"acl {acl} is not a defined S3CannedAcl value."),
    };
}
