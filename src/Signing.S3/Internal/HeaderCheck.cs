using System.Buffers;
using System.Globalization;
using System.Text;

namespace Signing.S3.Internal;

/// <summary>
/// Checks every header name and value the client is asked to send (options, metadata, extra
/// headers, Content-Type, conditions, response overrides) before anything is sent: a name is an
/// RFC 9110 token, a value printable ASCII or tab. A CR or LF would end the header and start
/// another (header injection), so it is refused with the header's name, the value escaped and
/// the fix; values of credential headers are never shown.
/// </summary>
internal static class HeaderCheck
{
    private static readonly SearchValues<char> TokenChars =
        SearchValues.Create("!#$%&'*+-.0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ^_`abcdefghijklmnopqrstuvwxyz|~");

    /// <summary>Printable ASCII and horizontal tab.</summary>
    private static readonly SearchValues<char> ValueChars = SearchValues.Create(PrintableAndTab());

    /// <exception cref="ArgumentException">The name is empty or not a token.</exception>
    public static void Name(string name, string parameter)
    {
        if (string.IsNullOrEmpty(name))
        {
            throw new ArgumentException($"{parameter}: a header name is empty: every header needs a name such as 'Cache-Control'.", parameter);
        }

        int bad = name.AsSpan().IndexOfAnyExcept(TokenChars);
        if (bad >= 0)
        {
            throw new ArgumentException($"{parameter}: header name {Show(name)} contains {Describe(name[bad])}: header names are RFC 9110 tokens (letters, digits and !#$%&'*+-.^_`|~).", parameter);
        }
    }

    /// <exception cref="ArgumentException">The value is empty, or holds a control character (CR, LF, NUL...) or a non-ASCII character.</exception>
    public static void Value(string name, string value, string parameter)
    {
        if (value.Length == 0)
        {
            throw new ArgumentException($"{parameter}: header {name} is empty: pass a value, or null to send no {name}.", parameter);
        }

        int bad = value.AsSpan().IndexOfAnyExcept(ValueChars);
        if (bad < 0)
        {
            return;
        }

        char c = value[bad];
        string shown = IsCredential(name) ? "(value not shown)" : Show(value);
        string fix = c is '\r' or '\n'
            ? "a line break would end the header and start another: remove CR and LF from the value"
            : c > 0x7F
                ? "header values are ASCII: encode other text first (RFC 2047, or percent-encoding)"
                : "remove control characters from the value";
        throw new ArgumentException($"{parameter}: header {name} value {shown} contains {Describe(c)} at position {bad}: {fix}.", parameter);
    }

    /// <summary>Checks a name and a value.</summary>
    public static void Header(string name, string value, string parameter)
    {
        Name(name, parameter);
        Value(name, value, parameter);
    }

    private static bool IsCredential(string name) =>
        name.Equals("Authorization", StringComparison.OrdinalIgnoreCase)
        || name.Equals("x-amz-security-token", StringComparison.OrdinalIgnoreCase)
        || name.Equals("Proxy-Authorization", StringComparison.OrdinalIgnoreCase);

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

    /// <summary>The value quoted, cut to 120 chars, controls escaped as \xNN.</summary>
    internal static string Show(string value)
    {
        const int Max = 120;
        var sb = new StringBuilder(Math.Min(value.Length, Max) + 8).Append('\'');
        foreach (char c in value.AsSpan(0, Math.Min(value.Length, Max)))
        {
            if (c < 0x20 || c == 0x7F)
            {
                sb.Append("\\x").Append(((int)c).ToString("X2", CultureInfo.InvariantCulture));
            }
            else
            {
                sb.Append(c);
            }
        }

        sb.Append('\'');
        return value.Length > Max ? sb.Append("...").ToString() : sb.ToString();
    }

    private static string PrintableAndTab()
    {
        var chars = new char[0x7F - 0x20 + 1];
        chars[0] = '\t';
        for (int c = 0x20; c < 0x7F; c++)
        {
            chars[c - 0x20 + 1] = (char)c;
        }

        return new string(chars);
    }
}
