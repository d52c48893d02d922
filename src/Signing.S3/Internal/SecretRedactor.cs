namespace Signing.S3.Internal;

/// <summary>
/// Removes the session token (raw, and percent-encoded as it appears in a canonical query) and the
/// secret key from text that came back from a server (an echoed canonical request, an error
/// message) before it goes into an exception message. The marker is the one the engine's
/// explanations use, so an echoed canonical request still compares equal line by line with ours.
/// </summary>
internal sealed class SecretRedactor
{
    public const string Marker = "<redacted>";

    private readonly string[] _secrets;

    public SecretRedactor(AwsCredentials? credentials)
    {
        // The session token raw and percent-encoded, and the secret key. Longest first, so an encoded
        // form is never cut by a shorter raw match inside it; case is ignored so a lower-case
        // percent-encoding is caught too (redacting more is harmless).
        string token = credentials?.SessionToken ?? string.Empty;
        _secrets = [.. new[] { token, Uri.EscapeDataString(token), credentials?.SecretAccessKey ?? string.Empty }
            .Where(s => s.Length > 0).Distinct().OrderByDescending(s => s.Length)];
    }

    /// <summary><paramref name="text"/> with every secret replaced by <see cref="Marker"/>.</summary>
    public string? Redact(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text;
        }

        foreach (string s in _secrets)
        {
            if (text.Contains(s, StringComparison.OrdinalIgnoreCase))
            {
                text = text.Replace(s, Marker, StringComparison.OrdinalIgnoreCase);
            }
        }

        return text;
    }
}
