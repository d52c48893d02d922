namespace Signing.S3.Internal;

/// <summary>
/// Checks every header name and value the client is asked to send (options, metadata, extra
/// headers, Content-Type, conditions, response overrides) before anything is sent: a name is an
/// RFC 9110 token, a value printable ASCII or tab. A CR or LF would end the header and start
/// another (header injection), so it is refused with the header's name, the value escaped and
/// the fix; values of secret headers (the engine's list: credentials, cookies, SSE-C keys) are never shown.
/// The character classes are the engine's (<see cref="HeaderRules"/>), the messages name the option they came from.
/// </summary>
internal static class HeaderCheck
{
    /// <summary>Checks a name and a value (<see cref="Value"/>).</summary>
    /// <exception cref="ArgumentException">The name is empty or not a token, or the value is not one to send.</exception>
    public static void Header(string name, string value, string parameter)
    {
        if (string.IsNullOrEmpty(name))
        {
            throw new ArgumentException($"{parameter}: a header name is empty: every header needs a name such as 'Cache-Control'.", parameter);
        }

        int bad = HeaderRules.IndexOfInvalidNameChar(name);
        if (bad >= 0)
        {
            throw new ArgumentException($"{parameter}: header name {Show(name)} contains {Describe(name[bad])}: header names are RFC 9110 tokens (letters, digits and !#$%&'*+-.^_`|~).", parameter);
        }

        Value(name, value, parameter);
    }

    /// <exception cref="ArgumentException">The value is empty, or holds a control character (CR, LF, NUL...) or a non-ASCII character.</exception>
    public static void Value(string name, string value, string parameter)
    {
        if (value.Length == 0)
        {
            throw new ArgumentException($"{parameter}: header {name} is empty: pass a value, or null to send no {name}.", parameter);
        }

        int bad = HeaderRules.IndexOfInvalidValueChar(value);
        if (bad < 0)
        {
            return;
        }

        char c = value[bad];
        string shown = HeaderRules.IsSecret(name) ? "(value not shown)" : Show(value);
        string fix = c is '\r' or '\n'
            ? "a line break would end the header and start another: remove CR and LF from the value"
            : c > 0x7F
                ? "header values are ASCII: encode other text first (RFC 2047, or percent-encoding)"
                : "remove control characters from the value";
        throw new ArgumentException($"{parameter}: header {name} value {shown} contains {Describe(c)} at position {bad}: {fix}.", parameter);
    }

    /// <summary>Shows a value in a message, quoted and cut to a readable length; control characters escaped.</summary>
    public static string Show(ReadOnlySpan<char> value)
    {
        const int Max = 120;
        var cut = value.Length > Max ? value[..Max] : value;
        var sb = new System.Text.StringBuilder(cut.Length + 8).Append('\'');
        foreach (char c in cut)
        {
            _ = c < 0x20 || c == 0x7F ? sb.Append("\\x").Append(((int)c).ToString("X2", System.Globalization.CultureInfo.InvariantCulture)) : sb.Append(c);
        }

        return sb.Append('\'').Append(value.Length > Max ? "..." : string.Empty).ToString();
    }

    private static string Describe(char c) => c switch
    {
        '\r' => "a carriage return (CR, U+000D)",
        '\n' => "a line feed (LF, U+000A)",
        '\0' => "a NUL (U+0000)",
        ' ' => "a space",
        < ' ' or (char)0x7F => $"the control character U+{(int)c:X4}",
        > (char)0x7F => $"the non-ASCII character '{c}' (U+{(int)c:X4})",
        _ => $"the character '{c}'",
    };
}
