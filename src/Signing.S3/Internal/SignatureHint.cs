namespace Signing.S3.Internal;

/// <summary>
/// Finds where a server's signed text (canonical request or string to sign, from its
/// SignatureDoesNotMatch error) first differs from what this client signed.
/// </summary>
internal static class SignatureHint
{
    public static string? Compare(string? serverCanonical, string? serverStringToSign, SigningExplanation? ours)
    {
        if (ours is null)
        {
            return null;
        }

        // Ours shows the session token as <redacted>; the caller has redacted the server's echo with the
        // same marker (SecretRedactor), so the two compare line by line (CRLF taken as LF).
        if (!string.IsNullOrEmpty(serverCanonical) && !string.IsNullOrEmpty(ours.CanonicalRequest))
        {
            return FirstDifference("canonical request", serverCanonical, ours.CanonicalRequest)
                ?? "the server's canonical request equals ours: the secret key (or the scope's date or region) differs";
        }

        if (!string.IsNullOrEmpty(serverStringToSign))
        {
            return FirstDifference("string to sign", serverStringToSign, ours.StringToSign)
                ?? "the server's string to sign equals ours: the secret key differs";
        }

        return null;
    }

    /// <summary>"{what} line N: server has "...", this client signed "..."", or null when equal.</summary>
    public static string? FirstDifference(string what, string server, string ours)
    {
        string[] a = Lines(server);
        string[] b = Lines(ours);
        for (int i = 0; i < Math.Max(a.Length, b.Length); i++)
        {
            string? x = i < a.Length ? a[i] : null;
            string? y = i < b.Length ? b[i] : null;
            if (!string.Equals(x, y, StringComparison.Ordinal))
            {
                return $"{what} line {i + 1}: server has {Quote(x)}, this client signed {Quote(y)}";
            }
        }

        return null;
    }

    private static string[] Lines(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');

    private static string Quote(string? line) => line is null ? "(no line)" : $"\"{(line.Length > 160 ? string.Concat(line.AsSpan(0, 160), "...") : line)}\"";
}
