using System.Xml.Linq;
using Signing.S3.Internal;

namespace Signing.S3;

public sealed partial class S3Client
{
    /// <summary>Lists the buckets the credentials own (ListBuckets).</summary>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The buckets.</returns>
    /// <exception cref="ArgumentException">A bad bucket, key or option value; nothing is sent.</exception>
    /// <exception cref="S3Exception">The server answered with an error or a redirect (never followed), or with an answer this client refuses (code <c>InvalidResponse</c>).</exception>
    /// <exception cref="HttpRequestException">The server could not be reached, or dropped the connection, on every attempt.</exception>
    /// <exception cref="IOException">A body was cut off on every attempt (or, for files, could not be read or written).</exception>
    /// <exception cref="TimeoutException">Every attempt timed out or stalled (<see cref="S3ClientOptions.Timeout"/>, <see cref="S3ClientOptions.IdleTimeout"/>).</exception>
    /// <exception cref="OperationCanceledException">The caller cancelled.</exception>
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
    /// <exception cref="ArgumentException">A bad bucket, key or option value; nothing is sent.</exception>
    /// <exception cref="S3Exception">The server answered with an error or a redirect (never followed), or with an answer this client refuses (code <c>InvalidResponse</c>).</exception>
    /// <exception cref="HttpRequestException">The server could not be reached, or dropped the connection, on every attempt.</exception>
    /// <exception cref="IOException">A body was cut off on every attempt (or, for files, could not be read or written).</exception>
    /// <exception cref="TimeoutException">Every attempt timed out or stalled (<see cref="S3ClientOptions.Timeout"/>, <see cref="S3ClientOptions.IdleTimeout"/>).</exception>
    /// <exception cref="OperationCanceledException">The caller cancelled.</exception>
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
    /// <exception cref="ArgumentException">A bad bucket, key or option value; nothing is sent.</exception>
    /// <exception cref="S3Exception">The server answered with an error or a redirect (never followed), or with an answer this client refuses (code <c>InvalidResponse</c>).</exception>
    /// <exception cref="HttpRequestException">The server could not be reached, or dropped the connection, on every attempt.</exception>
    /// <exception cref="IOException">A body was cut off on every attempt (or, for files, could not be read or written).</exception>
    /// <exception cref="TimeoutException">Every attempt timed out or stalled (<see cref="S3ClientOptions.Timeout"/>, <see cref="S3ClientOptions.IdleTimeout"/>).</exception>
    /// <exception cref="OperationCanceledException">The caller cancelled.</exception>
    public async Task DeleteBucketAsync(string bucket, CancellationToken cancellationToken = default) =>
        await SendNoBodyAsync(new S3Request(HttpMethod.Delete, CheckBucket(bucket)), cancellationToken).ConfigureAwait(false);

    /// <summary>Checks that a bucket exists and is accessible (HeadBucket); throws <see cref="S3Exception"/> <c>NoSuchBucket</c> otherwise.</summary>
    /// <param name="bucket">The bucket.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>A task that completes when the bucket was found.</returns>
    /// <exception cref="ArgumentException">A bad bucket, key or option value; nothing is sent.</exception>
    /// <exception cref="S3Exception">The server answered with an error or a redirect (never followed), or with an answer this client refuses (code <c>InvalidResponse</c>).</exception>
    /// <exception cref="HttpRequestException">The server could not be reached, or dropped the connection, on every attempt.</exception>
    /// <exception cref="IOException">A body was cut off on every attempt (or, for files, could not be read or written).</exception>
    /// <exception cref="TimeoutException">Every attempt timed out or stalled (<see cref="S3ClientOptions.Timeout"/>, <see cref="S3ClientOptions.IdleTimeout"/>).</exception>
    /// <exception cref="OperationCanceledException">The caller cancelled.</exception>
    public async Task HeadBucketAsync(string bucket, CancellationToken cancellationToken = default) =>
        await SendNoBodyAsync(new S3Request(HttpMethod.Head, CheckBucket(bucket)), cancellationToken).ConfigureAwait(false);

    /// <summary>Whether a bucket exists: HeadBucket, with <c>NoSuchBucket</c> as false.</summary>
    /// <param name="bucket">The bucket.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>True when it exists and is accessible.</returns>
    /// <exception cref="ArgumentException">A bad bucket, key or option value; nothing is sent.</exception>
    /// <exception cref="S3Exception">The server answered with an error or a redirect (never followed), or with an answer this client refuses (code <c>InvalidResponse</c>).</exception>
    /// <exception cref="HttpRequestException">The server could not be reached, or dropped the connection, on every attempt.</exception>
    /// <exception cref="IOException">A body was cut off on every attempt (or, for files, could not be read or written).</exception>
    /// <exception cref="TimeoutException">Every attempt timed out or stalled (<see cref="S3ClientOptions.Timeout"/>, <see cref="S3ClientOptions.IdleTimeout"/>).</exception>
    /// <exception cref="OperationCanceledException">The caller cancelled.</exception>
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
    /// <exception cref="ArgumentException">A bad bucket, key or option value; nothing is sent.</exception>
    /// <exception cref="S3Exception">The server answered with an error or a redirect (never followed), or with an answer this client refuses (code <c>InvalidResponse</c>).</exception>
    /// <exception cref="HttpRequestException">The server could not be reached, or dropped the connection, on every attempt.</exception>
    /// <exception cref="IOException">A body was cut off on every attempt (or, for files, could not be read or written).</exception>
    /// <exception cref="TimeoutException">Every attempt timed out or stalled (<see cref="S3ClientOptions.Timeout"/>, <see cref="S3ClientOptions.IdleTimeout"/>).</exception>
    /// <exception cref="OperationCanceledException">The caller cancelled.</exception>
    public async Task PutBucketAclAsync(string bucket, S3CannedAcl acl, CancellationToken cancellationToken = default)
    {
        var request = new S3Request(HttpMethod.Put, CheckBucket(bucket)).AddQuery("acl");
        request.AddHeader("x-amz-acl", acl.ToHeaderValue(), nameof(acl));
        await SendNoBodyAsync(request, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reads a bucket's ACL (GetBucketAcl).</summary>
    /// <param name="bucket">The bucket.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The owner and grants.</returns>
    /// <exception cref="ArgumentException">A bad bucket, key or option value; nothing is sent.</exception>
    /// <exception cref="S3Exception">The server answered with an error or a redirect (never followed), or with an answer this client refuses (code <c>InvalidResponse</c>).</exception>
    /// <exception cref="HttpRequestException">The server could not be reached, or dropped the connection, on every attempt.</exception>
    /// <exception cref="IOException">A body was cut off on every attempt (or, for files, could not be read or written).</exception>
    /// <exception cref="TimeoutException">Every attempt timed out or stalled (<see cref="S3ClientOptions.Timeout"/>, <see cref="S3ClientOptions.IdleTimeout"/>).</exception>
    /// <exception cref="OperationCanceledException">The caller cancelled.</exception>
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

    private static readonly System.Text.UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>
    /// A bucket name that can go into this client's URLs: 1 to 255 characters (S3's own rule is 3
    /// to 63; S3-compatible servers and old AWS buckets allow more), no '/' and no control
    /// characters; under virtual-host addressing, only what a host name can hold.
    /// </summary>
    /// <exception cref="ArgumentException">The name, what is wrong with it and the fix.</exception>
    private string CheckBucket(string bucket)
    {
        ArgumentException.ThrowIfNullOrEmpty(bucket);
        if (bucket.Length > 255)
        {
            throw new ArgumentException($"bucket name of {bucket.Length} characters is too long: bucket names are 3 to 63 characters (255 at most on some servers).", nameof(bucket));
        }

        foreach (char c in bucket)
        {
            if (c < 0x20 || c == 0x7F || c == '/')
            {
                throw new ArgumentException($"bucket {HeaderCheck.Show(bucket)} contains {(c == '/' ? "'/'" : $"the control character U+{(int)c:X4}")}: a bucket name is letters, digits, '.', '-' (and '_' on some servers); put any '/' in the key.", nameof(bucket));
            }

            if (Options.Addressing == S3Addressing.VirtualHost && !(char.IsAsciiLetterOrDigit(c) || c is '-' or '.'))
            {
                throw new ArgumentException($"bucket {HeaderCheck.Show(bucket)} cannot be part of a host name (it contains '{c}'): use Addressing = S3Addressing.PathStyle for it.", nameof(bucket));
            }
        }

        return bucket;
    }

    /// <summary>A key: not empty, valid UTF-16 (a lone surrogate would be sent as something else).</summary>
    /// <exception cref="ArgumentException">The key is empty or not valid text.</exception>
    private static string CheckKey(string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        try
        {
            _ = StrictUtf8.GetByteCount(key);
        }
        catch (System.Text.EncoderFallbackException)
        {
            throw new ArgumentException($"key of {key.Length} characters holds a lone UTF-16 surrogate, which has no UTF-8 form: pass the key as valid text.", nameof(key));
        }

        return key;
    }
}
