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

    /// <summary>
    /// The presigned request target: the path as sent, the request's own query pieces verbatim
    /// (less any presign parameter, matched on the canonical name), then X-Amz-Algorithm,
    /// -Credential, -Date, -Expires, -Security-Token (when signed), -SignedHeaders, -Signature, and
    /// an unsigned token last when it is appended after signing.
    /// </summary>
    public static string PresignTarget(SigningCase c, long seconds)
    {
        var pieces = c.Query.Split('&')
            .Where(p => p.Length > 0 && !PresignParameterNames.Contains(DecodeThenEncode(p.Split('=', 2)[0], keepLiteralSlash: false, plusIsSpace: true)))
            .ToList();
        var p = PresignParameters(c, seconds).ToDictionary(x => x.Key, x => x.Value);
        var ours = new List<string>
        {
            $"X-Amz-Algorithm={p["X-Amz-Algorithm"]}",
            $"X-Amz-Credential={p["X-Amz-Credential"]}",
            $"X-Amz-Date={p["X-Amz-Date"]}",
            $"X-Amz-Expires={p["X-Amz-Expires"]}",
        };
        if (p.TryGetValue("X-Amz-Security-Token", out string? token))
        {
            ours.Add($"X-Amz-Security-Token={token}");
        }

        ours.Add($"X-Amz-SignedHeaders={p["X-Amz-SignedHeaders"]}");
        ours.Add($"X-Amz-Signature={Signature(c, seconds)}");
        if (c.Token is not null && c.Options.SessionToken == SessionTokenSigning.AppendedAfterSigning)
        {
            ours.Add($"X-Amz-Security-Token={EncodeAsIs(c.Token, keepSlash: false)}");
        }

        return $"{(c.Path.Length == 0 ? "/" : c.Path)}?{string.Join('&', pieces.Concat(ours))}";
    }
}
