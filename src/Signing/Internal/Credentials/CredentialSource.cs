namespace Signing.Internal.Credentials;

/// <summary>One place of the chain credentials may come from.</summary>
internal abstract class CredentialSource
{
    /// <summary>
    /// The credentials of this source; null when it is not set up here, after adding to
    /// <paramref name="tried"/> its name, where it looked and why it gave none. A source that is set
    /// up but fails throws <see cref="CredentialSourceException"/>.
    /// </summary>
    public abstract Task<AwsCredentials?> TryGetAsync(List<string> tried, CancellationToken cancellationToken);
}

/// <summary>A source that is set up failed: the message names it, where it looked and why (never a secret).</summary>
internal sealed class CredentialSourceException : Exception
{
    public CredentialSourceException(string message)
        : base(message)
    {
    }

    public CredentialSourceException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>Small text helpers shared by the sources.</summary>
internal static class SourceText
{
    public static string Iso(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);

    public static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    public static bool IsTrue(string? value) => string.Equals(value?.Trim(), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Whether <paramref name="text"/> holds a control character (U+0000 to U+001F, or DEL).</summary>
    public static bool HasControl(ReadOnlySpan<char> text) => text.IndexOfAnyInRange('\0', '\x1f') >= 0 || text.Contains('\x7f');

    /// <summary>The <c>message</c> (or <c>Message</c>) of a JSON error answer, excerpted, with <paramref name="secret"/> redacted.</summary>
    public static string Said(Dictionary<string, string>? answer, string? secret) =>
        Redact(Excerpt(answer?.GetValueOrDefault("message") ?? answer?.GetValueOrDefault("Message") ?? "(no message)", 200), secret);

    /// <summary>A server's or a process's text cut to one readable line, control characters dropped.</summary>
    public static string Excerpt(string? text, int max = 300)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return "(nothing)";
        }

        var sb = new System.Text.StringBuilder(Math.Min(text.Length, max) + 3);
        foreach (char c in text.Trim())
        {
            if (sb.Length >= max)
            {
                sb.Append("...");
                break;
            }

            sb.Append(c < ' ' || c == 0x7F ? ' ' : c);
        }

        return sb.ToString();
    }

    /// <summary><paramref name="text"/> with each of <paramref name="secrets"/> (raw or URL-encoded) replaced by <c>&lt;redacted&gt;</c>.</summary>
    public static string Redact(string text, params string?[] secrets)
    {
        foreach (string? s in secrets)
        {
            if (string.IsNullOrEmpty(s))
            {
                continue;
            }

            text = text.Replace(s, "<redacted>", StringComparison.Ordinal);
            string encoded = Uri.EscapeDataString(s);
            if (encoded != s)
            {
                text = text.Replace(encoded, "<redacted>", StringComparison.OrdinalIgnoreCase);
            }
        }

        return text;
    }
}
