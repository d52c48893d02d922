using System.Buffers;

namespace Signing.Internal;

/// <summary>Header names and values: as signed (an obsolete line fold allowed) and as sent (no line break at all).</summary>
internal static partial class Validate
{
    /// <summary>What a header value may hold on the wire: tab and printable ASCII.</summary>
    private static readonly SearchValues<char> HeaderValueChars =
        SearchValues.Create("\t !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~");

    /// <summary>What the wire check refuses: CR, LF, and every other control but tab.</summary>
    private static readonly SearchValues<char> WireValueForbidden = SearchValues.Create(ControlsAnd(string.Empty).Replace("\t", string.Empty, StringComparison.Ordinal));

    /// <summary>Where the first character that cannot go in a header value on the wire (anything but tab and printable ASCII) is, or -1.</summary>
    public static int IndexOfNonHeaderText(ReadOnlySpan<char> value) => value.IndexOfAnyExcept(HeaderValueChars);

    public static void HeaderName(ReadOnlySpan<char> name, string parameter = Request)
    {
        if (name.IsEmpty)
        {
            ThrowHelper.Argument(parameter, "A header name is empty: every header needs a name such as 'Content-Type'.");
        }

        Token(name, parameter, "Header name", "header names are RFC 9110 tokens (letters, digits and !#$%&'*+-.^_`|~).");
    }

    /// <summary>
    /// A header value to sign: tab and printable ASCII, and line breaks only as an obsolete line fold
    /// (CRLF, or a bare LF, followed by a space or tab), which is signed as one space. Any other CR or
    /// LF would end the header on the wire and start another (header injection).
    /// </summary>
    public static void HeaderValue(ReadOnlySpan<char> name, ReadOnlySpan<char> value, string parameter = Request)
    {
        if (!value.ContainsAnyExcept(HeaderValueChars))
        {
            return;
        }

        for (int i = 0; i < value.Length; i++)
        {
            char c = value[i];
            if (c is '\r' or '\n')
            {
                // CRLF or a bare LF, then a space or tab; a lone CR folds nothing.
                int next = c == '\n' ? i + 1 : i + 1 < value.Length && value[i + 1] == '\n' ? i + 2 : -1;
                if (next > 0 && next < value.Length && value[next] is ' ' or '\t')
                {
                    i = next; // an obsolete fold: the line break and the white space after it
                    continue;
                }

                ThrowHelper.Argument(parameter, $"Header {name.ToString()} value {ShowValue(name, value)} has a line break ({(c == '\r' ? "CR" : "LF")}) at position {i + 1} that is no line fold: remove CR and LF from the value; a line break would end the header and start another.");
            }

            if ((c < 0x20 && c != '\t') || c >= 0x7F)
            {
                ThrowHelper.Argument(parameter, $"Header {name.ToString()} value {ShowValue(name, value)} contains {(IsSecretHeader(name) ? Kind(c) : Describe(c))} at position {i + 1}: header values must be printable ASCII; percent-encode or RFC 2047-encode other text.");
            }
        }
    }

    /// <summary>
    /// A header value as it goes on the wire (RFC 9112: no line folding): no CR or LF at all and no
    /// control but tab. Checked on what HttpClient will send, where .NET does not check values
    /// added with TryAddWithoutValidation.
    /// </summary>
    public static void WireHeaderValue(ReadOnlySpan<char> name, ReadOnlySpan<char> value, string parameter = Request)
    {
        int i = value.IndexOfAny(WireValueForbidden);
        if (i < 0)
        {
            return;
        }

        char c = value[i];
        ThrowHelper.Argument(parameter, c is '\r' or '\n'
            ? $"Header {name.ToString()} value {ShowValue(name, value)} has a line break ({(c == '\r' ? "CR" : "LF")}) at position {i + 1}: remove CR and LF from the value; a line break would end the header and start another (and line folding is obsolete on the wire, RFC 9112)."
            : $"Header {name.ToString()} value {ShowValue(name, value)} contains {Kind(c)} at position {i + 1}: remove it; header values are printable ASCII and tabs.");
    }

    /// <summary>
    /// Headers whose values are secrets (a session token, credentials, a cookie, an SSE-C key):
    /// messages say where the bad character is, never the value.
    /// </summary>
    public static bool IsSecretHeader(ReadOnlySpan<char> name) =>
        AsciiText.EqualsLower(name, "authorization") || AsciiText.EqualsLower(name, "proxy-authorization")
        || AsciiText.EqualsLower(name, SigV4Constants.XAmzSecurityToken) || AsciiText.EqualsLower(name, "cookie")
        || (name.Length > 13 && AsciiText.EqualsLower(name[^13..], "-customer-key"));

    private static string ShowValue(ReadOnlySpan<char> name, ReadOnlySpan<char> value) =>
        IsSecretHeader(name) ? "(not shown: it may be a secret)" : ThrowHelper.Show(value);
}
