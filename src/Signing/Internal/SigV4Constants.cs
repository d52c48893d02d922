namespace Signing.Internal;

/// <summary>Wire-format names and fixed strings of SigV4.</summary>
internal static class SigV4Constants
{
    public const string Terminator = "aws4_request";
    public const string UnsignedPayload = "UNSIGNED-PAYLOAD";

    public const string XAmzDate = "x-amz-date";
    public const string XAmzContentSha256 = "x-amz-content-sha256";
    public const string XAmzSecurityToken = "x-amz-security-token";
    public const string XAmzRegionSet = "x-amz-region-set";

    public const string QuerySecurityToken = "X-Amz-Security-Token";

    /// <summary>Presigned URLs are valid from 1 second to 7 days.</summary>
    public const long MaxExpiresSeconds = 7 * 24 * 3600;

    /// <summary>
    /// Headers never signed: hop-by-hop headers that proxies and HTTP stacks add, change or drop
    /// (RFC 9110 section 7.6.1; <c>Proxy-Authenticate</c> and <c>Proxy-Authorization</c> are for the
    /// next proxy only, and botocore leaves both out too), <c>User-Agent</c> and <c>X-Amzn-Trace-Id</c> (rewritten by
    /// intermediaries), and the headers the signer itself owns (<c>Authorization</c>,
    /// <c>X-Amz-Date</c>), which it replaces. A request's own <c>X-Amz-Security-Token</c> is
    /// signed as given; the signer adds one from the credentials only when the request has none.
    /// </summary>
    public static readonly string[] NeverSigned =
    [
        "authorization", "connection", "expect", "keep-alive", "proxy-authenticate", "proxy-authorization", "proxy-connection",
        "te", "trailer", "transfer-encoding", "upgrade", "user-agent", "x-amzn-trace-id",
        XAmzDate,
    ];

    /// <summary>What a request header is to the signer, found with one switch on the name's length.</summary>
    public enum HeaderKind
    {
        /// <summary>Signed as given.</summary>
        Signed,

        /// <summary>In <see cref="NeverSigned"/>: left out.</summary>
        NeverSigned,

        /// <summary><c>Host</c>.</summary>
        Host,

        /// <summary><c>X-Amz-Security-Token</c>.</summary>
        SecurityToken,

        /// <summary><c>X-Amz-Content-SHA256</c>.</summary>
        ContentSha256,
    }

    /// <summary>
    /// Classifies a header name (ASCII case-insensitive). Same answer as looking it up in
    /// <see cref="NeverSigned"/> and comparing with the three named ones, but each name is compared
    /// with at most the few candidates of its length.
    /// </summary>
    public static HeaderKind Classify(ReadOnlySpan<char> name) => name.Length switch
    {
        2 => Is(name, "te"),
        4 => AsciiText.EqualsLower(name, "host") ? HeaderKind.Host : HeaderKind.Signed,
        6 => Is(name, "expect"),
        7 => Is(name, "trailer", "upgrade"),
        10 => Is(name, "connection", "keep-alive", "user-agent", XAmzDate),
        13 => Is(name, "authorization"),
        15 => Is(name, "x-amzn-trace-id"),
        16 => Is(name, "proxy-connection"),
        17 => Is(name, "transfer-encoding"),
        18 => Is(name, "proxy-authenticate"),
        19 => Is(name, "proxy-authorization"),
        20 => AsciiText.EqualsLower(name, XAmzSecurityToken) ? HeaderKind.SecurityToken
            : AsciiText.EqualsLower(name, XAmzContentSha256) ? HeaderKind.ContentSha256
            : HeaderKind.Signed,
        _ => HeaderKind.Signed,
    };

    private static HeaderKind Is(ReadOnlySpan<char> name, string a, string? b = null, string? c = null, string? d = null) =>
        AsciiText.EqualsLower(name, a) || (b is not null && AsciiText.EqualsLower(name, b))
            || (c is not null && AsciiText.EqualsLower(name, c)) || (d is not null && AsciiText.EqualsLower(name, d))
            ? HeaderKind.NeverSigned
            : HeaderKind.Signed;
}
