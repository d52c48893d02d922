namespace Signing.Internal;

/// <summary>Wire-format names and fixed strings of SigV4.</summary>
internal static class SigV4Constants
{
    public const string Algorithm = "AWS4-HMAC-SHA256";
    public const string Terminator = "aws4_request";
    public const string UnsignedPayload = "UNSIGNED-PAYLOAD";

    public const string XAmzDate = "x-amz-date";
    public const string XAmzContentSha256 = "x-amz-content-sha256";
    public const string XAmzSecurityToken = "x-amz-security-token";

    public const string QueryAlgorithm = "X-Amz-Algorithm";
    public const string QueryCredential = "X-Amz-Credential";
    public const string QueryDate = "X-Amz-Date";
    public const string QueryExpires = "X-Amz-Expires";
    public const string QuerySecurityToken = "X-Amz-Security-Token";
    public const string QuerySignedHeaders = "X-Amz-SignedHeaders";
    public const string QuerySignature = "X-Amz-Signature";

    /// <summary>Presigned URLs are valid from 1 second to 7 days.</summary>
    public const long MaxExpiresSeconds = 7 * 24 * 3600;

    /// <summary>
    /// Headers never signed: hop-by-hop headers that proxies and HTTP stacks add, change or drop
    /// (RFC 9110 section 7.6.1), <c>User-Agent</c> and <c>X-Amzn-Trace-Id</c> (rewritten by
    /// intermediaries), and the headers the signer itself owns (<c>Authorization</c>,
    /// <c>X-Amz-Date</c>), which it replaces. A request's own <c>X-Amz-Security-Token</c> is
    /// signed as given; the signer adds one from the credentials only when the request has none.
    /// </summary>
    public static readonly string[] NeverSigned =
    [
        "authorization", "connection", "expect", "keep-alive", "proxy-authorization", "proxy-connection",
        "te", "trailer", "transfer-encoding", "upgrade", "user-agent", "x-amzn-trace-id",
        XAmzDate,
    ];

    public static bool IsNeverSigned(ReadOnlySpan<char> name)
    {
        foreach (string s in NeverSigned)
        {
            if (AsciiText.EqualsLower(name, s))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Query parameters the presigner owns and replaces when the URL already has them.</summary>
    public static bool IsPresignParameter(ReadOnlySpan<char> encodedName) =>
        encodedName.Equals(QueryAlgorithm, StringComparison.Ordinal) || encodedName.Equals(QueryCredential, StringComparison.Ordinal)
        || encodedName.Equals(QueryDate, StringComparison.Ordinal) || encodedName.Equals(QueryExpires, StringComparison.Ordinal)
        || encodedName.Equals(QuerySecurityToken, StringComparison.Ordinal) || encodedName.Equals(QuerySignedHeaders, StringComparison.Ordinal)
        || encodedName.Equals(QuerySignature, StringComparison.Ordinal);
}
