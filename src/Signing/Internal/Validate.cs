using System.Buffers;

namespace Signing.Internal;

/// <summary>Input checks shared by the signers. Each failure names the parameter, the value and the fix.</summary>
internal static partial class Validate
{
    // The hot checks scan vectorized for the first bad char; the char-by-char loops below only run
    // to describe it.
    private static readonly SearchValues<char> TokenChars =
        SearchValues.Create("!#$%&'*+-.0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ^_`abcdefghijklmnopqrstuvwxyz|~");

    // The scan stops at each '%' to check that it starts an escape: a path or query without '%'
    // costs no more than before.
    private static readonly SearchValues<char> PathForbidden = SearchValues.Create(ControlsAnd("?#%"));

    private static readonly SearchValues<char> QueryForbidden = SearchValues.Create(ControlsAnd("#%"));

    /// <summary>The longest region or service name accepted: real ones are under 30 characters, and the scope is written on the stack.</summary>
    public const int MaxScopePartLength = 128;

    /// <summary>The longest access key id accepted (AWS: 128).</summary>
    public const int MaxAccessKeyIdLength = 256;

    /// <summary>The longest secret access key accepted (AWS: 40).</summary>
    public const int MaxSecretLength = 1024;

    /// <summary>The longest session token accepted: far above any STS token, far below what a server takes in a header.</summary>
    public const int MaxSessionTokenLength = 65536;

    private static string ControlsAnd(string extra)
    {
        var chars = new char[0x20 + 1 + extra.Length];
        for (int i = 0; i < 0x20; i++)
        {
            chars[i] = (char)i;
        }

        chars[0x20] = (char)0x7F;
        extra.CopyTo(0, chars, 0x21, extra.Length);
        return new string(chars);
    }

    /// <summary>
    /// Checks an access key id without ever showing it: when the secret is passed by mistake (AWS
    /// secrets hold '/' and '+'), the message must not print it. It names the kind of character
    /// and where it is instead.
    /// </summary>
    public static void AccessKeyId(string? value, string parameter)
    {
        if (string.IsNullOrEmpty(value))
        {
            ThrowHelper.Argument(parameter, $"{parameter} is empty: pass the access key id, such as AKIAIOSFODNN7EXAMPLE.");
        }

        const string Swapped = "if this is the secret access key, the access key id and the secret are swapped";
        if (value.Length > MaxAccessKeyIdLength)
        {
            ThrowHelper.Argument(parameter, $"{parameter} is {value.Length} characters long (value not shown): an access key id has at most {MaxAccessKeyIdLength}; {Swapped}.");
        }

        for (int i = 0; i < value.Length; i++)
        {
            char c = value[i];
            if (c <= ' ' || c >= 0x7F || c == '/')
            {
                ThrowHelper.Argument(parameter, $"{parameter} has {Kind(c)} at position {i + 1} (value not shown): an access key id is printable ASCII without spaces or '/'; {Swapped}.");
            }
        }
    }

    /// <summary>Checks a secret (secret key or session token) without ever showing it.</summary>
    public static void Secret(string? value, string parameter, int maxLength = MaxSecretLength)
    {
        if (string.IsNullOrEmpty(value))
        {
            ThrowHelper.Argument(parameter, $"{parameter} is empty: pass the value (it is never shown in messages).");
        }

        if (value.Length > maxLength)
        {
            ThrowHelper.Argument(parameter, $"{parameter} is {value.Length} characters long (value not shown): at most {maxLength} are accepted; check that it holds only the value.");
        }

        for (int i = 0; i < value.Length; i++)
        {
            char c = value[i];
            if (c <= ' ' || c >= 0x7F)
            {
                ThrowHelper.Argument(parameter, $"{parameter} has {Kind(c)} at position {i + 1} (value not shown): check for a stray newline or quote around it.");
            }
        }
    }

    /// <summary>Region and service: non-empty printable ASCII without '/' or spaces (they go into the credential scope).</summary>
    public static void ScopePart(string? value, string parameter, string example)
    {
        if (string.IsNullOrEmpty(value))
        {
            ThrowHelper.Argument(parameter, $"{parameter} is empty: pass it, such as '{example}'.");
        }

        if (value.Length > MaxScopePartLength)
        {
            ThrowHelper.Argument(parameter, $"{parameter} {ThrowHelper.Show(value)} is {value.Length} characters long: at most {MaxScopePartLength}; pass the plain name, such as '{example}'.");
        }

        foreach (char c in value)
        {
            if (c <= ' ' || c >= 0x7F || c == '/')
            {
                ThrowHelper.Argument(parameter, $"{parameter} {ThrowHelper.Show(value)} contains {Describe(c)}: use the plain name, such as '{example}'.");
            }
        }
    }

    /// <summary>Where the first character that cannot be in an RFC 9110 token (a header name, a method) is, or -1.</summary>
    public static int IndexOfNonToken(ReadOnlySpan<char> text) => text.IndexOfAnyExcept(TokenChars);

    /// <summary>
    /// The parameter a bad part of a request view is reported against: the view is what the caller
    /// passed (the message names the part: method, path, query, header, payload hash).
    /// </summary>
    public const string Request = "request";

    public static void Method(ReadOnlySpan<char> method, string parameter = Request)
    {
        if (method.IsEmpty)
        {
            ThrowHelper.Argument(parameter, "method is empty: pass an HTTP method such as GET or PUT.");
        }

        Token(method, parameter, "method", "an HTTP method is a token such as GET or PUT.");
    }

    public static void Path(ReadOnlySpan<char> path, string parameter = Request)
    {
        if (!path.IsEmpty && path[0] != '/')
        {
            ThrowHelper.Argument(parameter, $"path {ThrowHelper.Show(path)} does not start with '/': pass the absolute path of the URL, such as '/bucket/key'.");
        }

        Escaped(path, PathForbidden, parameter, "path", "percent-encode it, and pass the query separately.");
    }

    public static void Query(ReadOnlySpan<char> query, string parameter = Request) =>
        Escaped(query, QueryForbidden, parameter, "query", "percent-encode it.");

    /// <summary>Throws, naming <paramref name="what"/>, at the first character that cannot be in an RFC 9110 token.</summary>
    public static void Token(ReadOnlySpan<char> value, string parameter, string what, string fix)
    {
        int i = IndexOfNonToken(value);
        if (i >= 0)
        {
            ThrowHelper.Argument(parameter, $"{what} {ThrowHelper.Show(value)} contains {Describe(value[i])}: {fix}");
        }
    }

    /// <summary>A path or query: none of <paramref name="forbidden"/>, and each '%' starts an escape.</summary>
    private static void Escaped(ReadOnlySpan<char> text, SearchValues<char> forbidden, string parameter, string part, string fix)
    {
        // Vectorized from one '%' (or bad char) to the next: escapes cost a check each, no char loop.
        for (int i = 0, k; (k = text[i..].IndexOfAny(forbidden)) >= 0; i += 3)
        {
            i += k;
            char c = text[i];
            if (c != '%')
            {
                ThrowHelper.Argument(parameter, $"{part} {ThrowHelper.Show(text)} contains {Describe(c)}: {fix}");
            }

            if (!IsEscape(text, i))
            {
                BadEscape(parameter, part, text, i);
            }
        }
    }

    /// <summary>A payload hash is hex or a keyword: printable ASCII without spaces (it may be sent as the x-amz-content-sha256 header).</summary>
    public static void PayloadHash(ReadOnlySpan<char> value, string parameter = Request)
    {
        if (AsciiText.IndexOfNotVisible(value) < 0)
        {
            return;
        }

        foreach (char c in value)
        {
            if (c <= ' ' || c >= 0x7F)
            {
                ThrowHelper.Argument(parameter, $"PayloadHash {ThrowHelper.Show(value)} contains {Describe(c)}: pass the lower-case hex SHA-256 of the body, UNSIGNED-PAYLOAD or a STREAMING-* value.");
            }
        }
    }

    /// <summary>Whether the '%' at <paramref name="i"/> starts an escape: two hex digits follow.</summary>
    private static bool IsEscape(ReadOnlySpan<char> text, int i) =>
        i + 2 < text.Length && char.IsAsciiHexDigit(text[i + 1]) && char.IsAsciiHexDigit(text[i + 2]);

    /// <summary>
    /// A '%' that starts no escape: the server decodes the request differently from what was
    /// signed and answers SignatureDoesNotMatch, which would send the user after the wrong cause.
    /// </summary>
    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    private static void BadEscape(string parameter, string part, ReadOnlySpan<char> value, int i) =>
        ThrowHelper.Argument(parameter, $"{part} {ThrowHelper.Show(value)} has a '%' at position {i + 1} that is not followed by two hex digits: write a literal % as %25 (the server would decode it differently from what is signed).");

    /// <summary>The kind of a character, without the character: for values that may be secret.</summary>
    public static string Kind(char c) => c switch
    {
        ' ' => "a space",
        '/' => "'/'",
        < ' ' or (char)0x7F => "a control character",
        _ => "a non-ASCII character",
    };

    public static string Describe(char c) => c switch
    {
        ' ' => "a space",
        '/' => "'/'",
        < ' ' or (char)0x7F => $"the control character U+{(int)c:X4}",
        >= (char)0x80 => $"the non-ASCII character '{c}' (U+{(int)c:X4})",
        _ => $"the character '{c}'",
    };
}

/// <summary>
/// The parameters bad parts of a request are reported against: the view for the methods that take
/// one, and <c>method</c>, <c>url</c>, <c>headers</c> for <c>Presign</c>, which takes them apart.
/// The signers validate once, with the names of the call that was made.
/// </summary>
internal sealed class ArgumentNames(string method, string target, string headers)
{
    /// <summary>For <c>Sign</c>, <c>PresignTarget</c>, <c>Explain</c>, <c>TryComputeSignature</c>: the view, <c>request</c>.</summary>
    public static ArgumentNames View { get; } = new(Validate.Request, Validate.Request, Validate.Request);

    /// <summary>For <c>Presign(method, url, expires, headers)</c>.</summary>
    public static ArgumentNames Presign { get; } = new("method", "url", "headers");

    public string Method { get; } = method;

    /// <summary>The path, query and Host.</summary>
    public string Target { get; } = target;

    public string Headers { get; } = headers;
}
