namespace Signing.Tests.Properties;

/// <summary>The reference's query-signing (presigned URL) parts.</summary>
internal static partial class ReferenceSigV4
{
    /// <summary>The parameters a presigned URL carries; any the request already has are replaced (matched on the encoded name, case-sensitive).</summary>
    public static readonly HashSet<string> PresignParameterNames = new(StringComparer.Ordinal)
    {
        "X-Amz-Algorithm", "X-Amz-Credential", "X-Amz-Date", "X-Amz-Expires", "X-Amz-Security-Token", "X-Amz-SignedHeaders", "X-Amz-Signature",
    };

    /// <summary>X-Amz-Algorithm, -Credential, -Date, -Expires, -Security-Token (when signed) and -SignedHeaders, encoded.</summary>
    public static List<(string Key, string Value)> PresignParameters(SigningCase c, long seconds)
    {
        var list = new List<(string Key, string Value)>
        {
            ("X-Amz-Algorithm", "AWS4-HMAC-SHA256"),
            ("X-Amz-Credential", EncodeAsIs($"{SigningCase.AccessKeyId}/{Scope(c)}", keepSlash: false)),
            ("X-Amz-Date", AmzDate(c.Time)),
            ("X-Amz-Expires", seconds.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            ("X-Amz-SignedHeaders", EncodeAsIs(SignedHeaders(c, presign: true), keepSlash: false)),
        };
        if (c.Token is not null && c.Options.SessionToken == SessionTokenSigning.Signed)
        {
            list.Add(("X-Amz-Security-Token", EncodeAsIs(c.Token, keepSlash: false)));
        }

        return list;
    }

    /// <summary>The presigned request target: the path as sent, the canonical query, the signature, and an unsigned token last when it is appended after signing.</summary>
    public static string PresignTarget(SigningCase c, long seconds)
    {
        string query = CanonicalQuery(c.Query, PresignParameters(c, seconds));
        string target = $"{(c.Path.Length == 0 ? "/" : c.Path)}?{query}&X-Amz-Signature={Signature(c, seconds)}";
        return c.Token is not null && c.Options.SessionToken == SessionTokenSigning.AppendedAfterSigning
            ? $"{target}&X-Amz-Security-Token={EncodeAsIs(c.Token, keepSlash: false)}"
            : target;
    }
}
