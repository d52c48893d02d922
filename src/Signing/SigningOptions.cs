namespace Signing;

// Enum members named after what they mean (Double/Single encoding, Signed token), not CLR types.
#pragma warning disable CA1720

/// <summary>How the path of a request is URI-encoded in the SigV4 canonical request.</summary>
public enum PathEncoding
{
    /// <summary>Encode the path as sent once more (<c>%20</c> becomes <c>%2520</c>): the rule for every AWS service but S3.</summary>
    Double = 0,

    /// <summary>Decode the path as sent and encode it once, per RFC 3986: the S3 rule.</summary>
    Single = 1,
}

/// <summary>Whether dot segments and empty segments are removed from the path before signing.</summary>
public enum PathNormalization
{
    /// <summary>Remove <c>.</c>, <c>..</c> and empty segments (RFC 3986 section 5.2.4): the rule for every AWS service but S3.</summary>
    Normalize = 0,

    /// <summary>Sign the path exactly as sent: the S3 rule, where <c>a/../b</c> and <c>a//b</c> are object keys.</summary>
    None = 1,
}

/// <summary>Whether the payload hash is also sent, and signed, as the <c>x-amz-content-sha256</c> header.</summary>
public enum ContentSha256Header
{
    /// <summary>Do not add the header (most AWS services).</summary>
    Omit = 0,

    /// <summary>
    /// Add and sign <c>x-amz-content-sha256</c> on header-signed requests (required by S3 and
    /// S3-compatible servers); presigned URLs leave it out, since their users will not send it.
    /// </summary>
    Include = 1,

    /// <summary>Add and sign it on presigned requests too (the AWS SigV4 test suite's <c>sign_body</c>).</summary>
    IncludeWhenPresigning = 2,
}

/// <summary>Where a signature travels.</summary>
public enum SignatureLocation
{
    /// <summary>In the <c>Authorization</c> header (header signing).</summary>
    Header = 0,

    /// <summary>In the query string (a presigned URL).</summary>
    Query = 1,
}

/// <summary>Whether the session token is part of what is signed.</summary>
public enum SessionTokenSigning
{
    /// <summary>Sign <c>X-Amz-Security-Token</c> with the rest of the request (the usual rule).</summary>
    Signed = 0,

    /// <summary>Add the token after signing, unsigned (services such as IoT that want it so).</summary>
    AppendedAfterSigning = 1,
}

/// <summary>
/// Options for SigV4 signing. <c>default</c> is valid and gives the rules of every AWS service but S3;
/// use <see cref="S3"/> for S3 and S3-compatible servers.
/// </summary>
public readonly record struct SigningOptions
{
    /// <summary>The rules of every AWS service but S3: double path encoding, normalized path, no <c>x-amz-content-sha256</c>.</summary>
    public static SigningOptions Default => default;

    /// <summary>The S3 rules: single path encoding, the path signed as sent, <c>x-amz-content-sha256</c> sent and signed.</summary>
    public static SigningOptions S3 => new()
    {
        PathEncoding = PathEncoding.Single,
        PathNormalization = PathNormalization.None,
        ContentSha256Header = ContentSha256Header.Include,
    };

    /// <summary>The rules for <paramref name="service"/>: <see cref="S3"/> for <c>s3</c>, <see cref="Default"/> otherwise.</summary>
    /// <param name="service">The signing name of the service, such as <c>s3</c> or <c>iam</c>.</param>
    public static SigningOptions ForService(string service) =>
        string.Equals(service, "s3", StringComparison.Ordinal) ? S3 : Default;

    /// <summary>How the path is encoded. Default: <see cref="PathEncoding.Double"/>.</summary>
    public PathEncoding PathEncoding { get; init; }

    /// <summary>Whether the path is normalized. Default: <see cref="PathNormalization.Normalize"/>.</summary>
    public PathNormalization PathNormalization { get; init; }

    /// <summary>Whether <c>x-amz-content-sha256</c> is added and signed. Default: <see cref="ContentSha256Header.Omit"/>.</summary>
    public ContentSha256Header ContentSha256Header { get; init; }

    /// <summary>Whether the session token is signed. Default: <see cref="SessionTokenSigning.Signed"/>.</summary>
    public SessionTokenSigning SessionToken { get; init; }
}
