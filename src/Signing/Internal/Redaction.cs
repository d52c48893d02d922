namespace Signing.Internal;

/// <summary>
/// Hides session tokens in explanations: the value of every <c>x-amz-security-token</c> header
/// line and <c>X-Amz-Security-Token</c> query parameter is shown as <c>&lt;redacted&gt;</c>. Works on
/// the structure (which line, which parameter), so it finds a token of any length or encoding and
/// changes nothing else. Only for display: what is signed and hashed is the real text.
/// </summary>
internal static class Redaction
{
    public const string Shown = "<redacted>";

    private const string HeaderPrefix = SigV4Constants.XAmzSecurityToken + ":";
    private const string QueryPrefix = SigV4Constants.QuerySecurityToken + "=";

    /// <summary>
    /// A SigV4 canonical request: line 3 is the canonical query (its parameters are in canonical
    /// form, so the token parameter is named exactly <c>X-Amz-Security-Token</c>); the header lines
    /// follow, up to the blank line.
    /// </summary>
    public static string CanonicalRequest(string canonical)
    {
        if (!canonical.Contains(HeaderPrefix, StringComparison.Ordinal) && !canonical.Contains(QueryPrefix, StringComparison.Ordinal))
        {
            return canonical;
        }

        string[] lines = canonical.Split('\n');
        if (lines.Length > 2)
        {
            string[] pairs = lines[2].Split('&');
            for (int i = 0; i < pairs.Length; i++)
            {
                if (pairs[i].StartsWith(QueryPrefix, StringComparison.Ordinal))
                {
                    pairs[i] = QueryPrefix + Shown;
                }
            }

            lines[2] = string.Join('&', pairs);
        }

        for (int i = 3; i < lines.Length && lines[i].Length > 0; i++)
        {
            lines[i] = TokenLine(lines[i]);
        }

        return string.Join('\n', lines);
    }

    /// <summary>A SigV2 string to sign: the x-amz-* header lines come after the four fixed lines (method, MD5, type, date).</summary>
    public static string SigV2StringToSign(string stringToSign)
    {
        if (!stringToSign.Contains(HeaderPrefix, StringComparison.Ordinal))
        {
            return stringToSign;
        }

        string[] lines = stringToSign.Split('\n');
        for (int i = 4; i < lines.Length; i++)
        {
            lines[i] = TokenLine(lines[i]);
        }

        return string.Join('\n', lines);
    }

    private static string TokenLine(string line) =>
        line.StartsWith(HeaderPrefix, StringComparison.Ordinal) ? HeaderPrefix + Shown : line;
}
