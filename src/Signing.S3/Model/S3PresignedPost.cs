namespace Signing.S3;

/// <summary>
/// A presigned POST: the URL an HTML form posts to (<c>method="post"</c>,
/// <c>enctype="multipart/form-data"</c>) and the fields it sends before the <c>file</c> field.
/// Made by <see cref="S3Client.PresignPost(string, PostPolicy)"/>.
/// </summary>
public sealed class S3PresignedPost
{
    internal S3PresignedPost(Uri url, SignedPostPolicy signed, DateTimeOffset expiration)
    {
        Url = url;
        Fields = signed.Fields;
        Document = signed.Document;
        Expiration = expiration;
    }

    /// <summary>The form's action: the bucket's URL (path-style <c>endpoint/bucket</c> or virtual-host <c>bucket.host/</c>, as the client addresses buckets).</summary>
    public Uri Url { get; }

    /// <summary>The form fields, in order (the policy's, then the signature's); the <c>file</c> field goes after them, last.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Fields { get; }

    /// <summary>The signed policy document (JSON).</summary>
    public string Document { get; }

    /// <summary>When the policy expires.</summary>
    public DateTimeOffset Expiration { get; }

    /// <summary>Shows the URL and the field names; no field values (a session token may be among them).</summary>
    /// <returns>A one-line description.</returns>
    public override string ToString() => $"S3PresignedPost {{ Url = {Url}, Fields = [{string.Join(", ", Fields.Select(f => f.Key))}] }}";
}

/// <summary>What a presigned POST made by <see cref="S3Client.PresignPost(string, string, TimeSpan, PresignPostOptions?)"/> allows.</summary>
public sealed record PresignPostOptions
{
    /// <summary>The smallest file allowed, in bytes; written with <see cref="MaxContentLength"/> as <c>content-length-range</c>. Default 0.</summary>
    public long MinContentLength { get; init; }

    /// <summary>The largest file allowed, in bytes, or null for no size condition (unless <see cref="MinContentLength"/> is set).</summary>
    public long? MaxContentLength { get; init; }

    /// <summary>The exact Content-Type the upload must carry (sent as a field), or null.</summary>
    public string? ContentType { get; init; }

    /// <summary>A Content-Type prefix such as <c>image/</c> (the uploader sends the field), or null.</summary>
    public string? ContentTypeStartsWith { get; init; }

    /// <summary>The canned ACL of the object (sent as a field), or null.</summary>
    public S3CannedAcl? Acl { get; init; }

    /// <summary>The status a successful upload is answered with (200, 201 or 204), or null (S3's default, 204).</summary>
    public int? SuccessActionStatus { get; init; }

    /// <summary>Where the browser is redirected after a successful upload, or null.</summary>
    public string? SuccessActionRedirect { get; init; }

    /// <summary>User metadata (names without <c>x-amz-meta-</c>), each sent as a field; or null.</summary>
    public IReadOnlyDictionary<string, string>? Metadata { get; init; }
}
