using System.Xml.Linq;
using Signing.S3.Internal;

namespace Signing.S3;

public sealed partial class S3Client
{
    /// <summary>Lists the buckets the credentials own (ListBuckets).</summary>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The buckets.</returns>
    public async Task<IReadOnlyList<S3Bucket>> ListBucketsAsync(CancellationToken cancellationToken = default)
    {
        var (root, _) = await SendForXmlAsync(new S3Request(HttpMethod.Get), "ListBuckets", cancellationToken).ConfigureAwait(false);
        var buckets = root.Child("Buckets")?.Children("Bucket") ?? [];
        return [.. buckets.Select(b => new S3Bucket(b.Text("Name") ?? string.Empty, b.Date("CreationDate")))];
    }

    /// <summary>Creates a bucket (CreateBucket).</summary>
    /// <param name="bucket">The bucket name.</param>
    /// <param name="locationConstraint">The region to create it in, sent as a CreateBucketConfiguration; null for the server's default.</param>
    /// <param name="cannedAcl">A canned ACL for the bucket, or null.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>A task that completes when the bucket exists.</returns>
    public async Task CreateBucketAsync(string bucket, string? locationConstraint = null, S3CannedAcl? cannedAcl = null, CancellationToken cancellationToken = default)
    {
        var request = new S3Request(HttpMethod.Put, CheckBucket(bucket));
        if (locationConstraint is not null)
        {
            var xml = S3Xml.Element("CreateBucketConfiguration", S3Xml.Element("LocationConstraint", locationConstraint));
            request.Body = RequestBody.FromBytes(S3Xml.ToBytes(xml), "application/xml");
        }

        request.AddHeaderIfSet("x-amz-acl", cannedAcl?.ToHeaderValue());
        await SendNoBodyAsync(request, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Deletes an empty bucket (DeleteBucket).</summary>
    /// <param name="bucket">The bucket.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>A task that completes when the bucket is gone.</returns>
    public async Task DeleteBucketAsync(string bucket, CancellationToken cancellationToken = default) =>
        await SendNoBodyAsync(new S3Request(HttpMethod.Delete, CheckBucket(bucket)), cancellationToken).ConfigureAwait(false);

    /// <summary>Checks that a bucket exists and is accessible (HeadBucket); throws <see cref="S3Exception"/> <c>NoSuchBucket</c> otherwise.</summary>
    /// <param name="bucket">The bucket.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>A task that completes when the bucket was found.</returns>
    public async Task HeadBucketAsync(string bucket, CancellationToken cancellationToken = default) =>
        await SendNoBodyAsync(new S3Request(HttpMethod.Head, CheckBucket(bucket)), cancellationToken).ConfigureAwait(false);

    /// <summary>Whether a bucket exists: HeadBucket, with <c>NoSuchBucket</c> as false.</summary>
    /// <param name="bucket">The bucket.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>True when it exists and is accessible.</returns>
    public async Task<bool> BucketExistsAsync(string bucket, CancellationToken cancellationToken = default)
    {
        try
        {
            await HeadBucketAsync(bucket, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (S3Exception e) when (e.Code == "NoSuchBucket")
        {
            return false;
        }
    }

    /// <summary>Sets a bucket's canned ACL (PutBucketAcl).</summary>
    /// <param name="bucket">The bucket.</param>
    /// <param name="acl">The canned ACL.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>A task that completes when the ACL is set.</returns>
    public async Task PutBucketAclAsync(string bucket, S3CannedAcl acl, CancellationToken cancellationToken = default)
    {
        var request = new S3Request(HttpMethod.Put, CheckBucket(bucket)).AddQuery("acl");
        request.Headers.Add(new("x-amz-acl", acl.ToHeaderValue()));
        await SendNoBodyAsync(request, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reads a bucket's ACL (GetBucketAcl).</summary>
    /// <param name="bucket">The bucket.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The owner and grants.</returns>
    public async Task<S3AccessControlList> GetBucketAclAsync(string bucket, CancellationToken cancellationToken = default)
    {
        var (root, _) = await SendForXmlAsync(new S3Request(HttpMethod.Get, CheckBucket(bucket)).AddQuery("acl"), "GetBucketAcl", cancellationToken).ConfigureAwait(false);
        return ParseAcl(root);
    }

    private static S3AccessControlList ParseAcl(XElement root)
    {
        var owner = root.Child("Owner");
        var grants = new List<S3Grant>();
        foreach (var grant in root.Child("AccessControlList")?.Children("Grant") ?? [])
        {
            var grantee = grant.Child("Grantee");
            string? type = grantee?.Attributes().FirstOrDefault(a => a.Name.LocalName == "type")?.Value;
            grants.Add(new S3Grant(type, grantee?.Text("ID"), grantee?.Text("URI"), grant.Text("Permission") ?? string.Empty));
        }

        return new S3AccessControlList(owner?.Text("ID"), owner?.Text("DisplayName"), grants);
    }

    private static string CheckBucket(string bucket)
    {
        ArgumentException.ThrowIfNullOrEmpty(bucket);
        return bucket;
    }

    private static string CheckKey(string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        return key;
    }
}
