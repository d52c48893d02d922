using System.Globalization;
using System.Text;

namespace Signing.Cli;

/// <summary>
/// Checks of command-line values where they are parsed, and how a value is shown in a message:
/// quoted, control characters escaped, cut to a readable length, so every usage error stays one
/// line however hostile the value. Values that may be secrets are never shown.
/// </summary>
internal static class CliText
{
    /// <summary>How many characters of a value a message shows.</summary>
    public const int ShownLength = 80;

    /// <summary>The value quoted for a message: <c>'a\r\nb'</c>; controls escaped, cut after <see cref="ShownLength"/> characters.</summary>
    public static string Show(string value)
    {
        var sb = new StringBuilder(Math.Min(value.Length, ShownLength) + 24);
        sb.Append('\'');
        int shown = 0;
        foreach (char c in value)
        {
            if (shown++ == ShownLength)
            {
                break;
            }

            int escape = "\r\n\t\0\\'".IndexOf(c, StringComparison.Ordinal); // written \r \n \t \0 \\ \'
            if (escape >= 0)
            {
                sb.Append('\\').Append("rnt0\\'"[escape]);
            }
            else if (IsControl(c) || char.IsSurrogate(c))
            {
                sb.Append(c <= 0xFF ? $"\\x{(int)c:X2}" : $"\\u{(int)c:X4}");
            }
            else
            {
                sb.Append(c);
            }
        }

        sb.Append('\'');
        if (value.Length > ShownLength)
        {
            sb.Append(CultureInfo.InvariantCulture, $"... ({value.Length} characters)");
        }

        return sb.ToString();
    }

    /// <summary>C0 controls, DEL, C1 controls, and the Unicode line and paragraph separators: what may break a line or a header.</summary>
    public static bool IsControl(char c) => c < 0x20 || c is >= (char)0x7F and <= (char)0x9F || c is '\u2028' or '\u2029';

    /// <summary>The index of the first control character (see <see cref="IsControl"/>), or -1.</summary>
    public static int IndexOfControl(string value)
    {
        for (int i = 0; i < value.Length; i++)
        {
            if (IsControl(value[i]))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>A character, described for a message.</summary>
    public static string Describe(char c) => c switch
    {
        '\r' => "a carriage return (CR)",
        '\n' => "a line feed (LF)",
        '\0' => "a NUL character",
        '\t' => "a tab",
        ' ' => "a space",
        _ when IsControl(c) => string.Create(CultureInfo.InvariantCulture, $"the control character U+{(int)c:X4}"),
        _ when char.IsSurrogate(c) => string.Create(CultureInfo.InvariantCulture, $"an unpaired surrogate U+{(int)c:X4}"),
        >= (char)0x80 => string.Create(CultureInfo.InvariantCulture, $"the non-ASCII character '{c}' (U+{(int)c:X4})"),
        _ => $"the character '{c}'",
    };

    /// <summary>
    /// Refuses control characters (CR, LF, NUL, ...) in the value of <paramref name="flag"/>:
    /// <c>FLAG 'VALUE' contains a line feed (LF): FIX</c>. Returns the value.
    /// </summary>
    /// <exception cref="UsageException">The value holds a control character.</exception>
    public static string NoControls(string flag, string value, string fix)
    {
        int bad = IndexOfControl(value);
        return bad < 0 ? value : throw new UsageException($"{flag} {Show(value)} contains {Describe(value[bad])}: {fix}");
    }

    /// <summary>Refuses an empty value, then control characters (see <see cref="NoControls"/>).</summary>
    /// <exception cref="UsageException">The value is empty or holds a control character.</exception>
    public static string Text(string flag, string value, string fix) =>
        value.Length == 0 ? throw new UsageException($"{flag} is empty: {fix}") : NoControls(flag, value, fix);

    /// <summary>
    /// A value that may be a secret (a secret key, a session token, <c>--user</c>): checked for
    /// emptiness, white space and controls, and never shown.
    /// </summary>
    /// <exception cref="UsageException">The value is empty or holds white space, a control or a non-ASCII character.</exception>
    public static string Secret(string flag, string value, string what)
    {
        UsageException.ThrowIf(value.Length == 0, $"{flag} is empty: pass {what}.");

        foreach (char c in value)
        {
            if (c <= ' ' || c >= 0x7F)
            {
                throw new UsageException($"{flag} contains {(IsControl(c) ? Describe(c) : c == ' ' ? "a space" : "a non-ASCII character")} (value not shown): pass {what}; check for a stray newline or quote around it.");
            }
        }

        return value;
    }

    /// <summary>An RFC 9110 token (a method, a header name): letters, digits and <c>!#$%&amp;'*+-.^_`|~</c>, not empty.</summary>
    /// <exception cref="UsageException">The value is empty or holds another character.</exception>
    public static string Token(string flag, string value, string what, string example)
    {
        UsageException.ThrowIf(value.Length == 0, $"{flag} is empty: pass {what} such as {example}.");

        int bad = HeaderRules.IndexOfInvalidNameChar(value);
        if (bad >= 0)
        {
            throw new UsageException($"{flag} {Show(value)} contains {Describe(value[bad])}: {what} is a token of letters, digits and !#$%&'*+-.^_`|~ (such as {example}).");
        }

        return value;
    }

    /// <summary>A part of the signing scope (a region, a service): printable ASCII without spaces, '/' or ':'.</summary>
    /// <exception cref="UsageException">The value is empty or holds another character.</exception>
    public static string ScopePart(string flag, string value, string what, string example)
    {
        UsageException.ThrowIf(value.Length == 0, $"{flag}: the {what} is empty: pass one such as {example}.");

        foreach (char c in value)
        {
            if (c <= ' ' || c >= 0x7F || c is '/' or ':')
            {
                throw new UsageException($"{flag} {Show(value)}: the {what} contains {Describe(c)}: pass a plain name such as {example}.");
            }
        }

        return value;
    }

    /// <summary>
    /// A header value as <c>-H</c>, <c>--content-type</c> and the like give it: one line of printable
    /// ASCII (tabs allowed), so it can neither end the header early nor add another.
    /// </summary>
    /// <param name="flag">The flag, for the message.</param>
    /// <param name="given">The flag's whole value, shown in the message (such as <c>X-A: v</c> of -H).</param>
    /// <param name="value">The header value.</param>
    /// <exception cref="UsageException">The value holds a control or a non-ASCII character.</exception>
    /// <param name="name">The header's name: the value of a secret header (a token, credentials, a cookie, an SSE-C key) is never shown.</param>
    public static string HeaderValue(string flag, string given, string name, string value)
    {
        int bad = HeaderRules.IndexOfInvalidValueChar(value);
        if (bad < 0)
        {
            return value;
        }

        char c = value[bad];
        string fix = IsControl(c)
            ? "a header value is one line of printable ASCII; send each header with its own -H, without line breaks"
            : "header values are ASCII: percent-encode other text (or RFC 2047-encode it)";
        string shown = HeaderRules.IsSecret(name) ? $"{Show(name + ": ...")} (value not shown: it may be a secret)" : Show(given);
        throw new UsageException($"{flag} {shown} contains {Describe(c)}: {fix}.");
    }

    /// <summary>A whole number (digits only) from <paramref name="min"/> to <paramref name="max"/>.</summary>
    /// <exception cref="UsageException">Anything else, with <paramref name="message"/>.</exception>
    public static long Whole(string value, long min, long max, string message) =>
        long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out long n) && n >= min && n <= max ? n : throw new UsageException(message);

    /// <summary>A local file path: no NUL (no file system takes one); other characters are the file system's business.</summary>
    /// <exception cref="UsageException">The path is empty or holds a NUL.</exception>
    public static string LocalPath(string flag, string path)
    {
        UsageException.ThrowIf(path.Length == 0, $"{flag} is empty: pass a file name.");

        return path.Contains('\0', StringComparison.Ordinal)
            ? throw new UsageException($"{flag} {Show(path)} contains a NUL character: no file name can; check the quoting.")
            : path;
    }

    /// <summary>
    /// The one-line text of an exception's message: line breaks flattened, and for an
    /// <see cref="ArgumentException"/> without .NET's <c>(Parameter 'x')</c> and <c>Actual value was ...</c> tails.
    /// </summary>
    public static string Message(Exception e)
    {
        string message = e.Message;
        if (e is ArgumentOutOfRangeException { ActualValue: not null } && message.LastIndexOf("Actual value was", StringComparison.Ordinal) is var actual and >= 0)
        {
            message = message[..actual];
        }

        if (e is ArgumentException { ParamName: { } name })
        {
            message = message.Replace($" (Parameter '{name}')", string.Empty, StringComparison.Ordinal);
        }

        return message.ReplaceLineEndings(" ").Trim();
    }
}
