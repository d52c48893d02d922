namespace Signing.Tests.Properties;

/// <summary>
/// What an explanation shows of a reference canonical request or SigV2 string to sign: the value
/// of every <c>x-amz-security-token</c> header line and <c>X-Amz-Security-Token</c> query
/// parameter as <c>&lt;redacted&gt;</c> (written from the rule, line by line).
/// </summary>
internal static class Redacted
{
    private const string Shown = "<redacted>";

    /// <summary>Canonical request: line 3 is the query; the header lines follow, up to the blank line.</summary>
    public static string CanonicalRequest(string canonical)
    {
        string[] lines = canonical.Split('\n');
        if (lines.Length > 2)
        {
            lines[2] = string.Join('&', lines[2].Split('&').Select(p => p.StartsWith("X-Amz-Security-Token=", StringComparison.Ordinal) ? "X-Amz-Security-Token=" + Shown : p));
        }

        for (int i = 3; i < lines.Length && lines[i].Length > 0; i++)
        {
            lines[i] = TokenLine(lines[i]);
        }

        return string.Join('\n', lines);
    }

    /// <summary>SigV2 string to sign: the x-amz-* header lines come after the four fixed lines.</summary>
    public static string SigV2StringToSign(string stringToSign)
    {
        string[] lines = stringToSign.Split('\n');
        for (int i = 4; i < lines.Length; i++)
        {
            lines[i] = TokenLine(lines[i]);
        }

        return string.Join('\n', lines);
    }

    private static string TokenLine(string line) =>
        line.StartsWith("x-amz-security-token:", StringComparison.Ordinal) ? "x-amz-security-token:" + Shown : line;
}
