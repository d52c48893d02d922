using Signing.Internal;

namespace Signing;

/// <summary>
/// The rules the signers apply to header names and values, for checking input where it enters
/// (as the S3 client does with metadata and options) with the same answer the signer would give.
/// </summary>
public static class HeaderRules
{
    /// <summary>Where the first character that cannot be in a header name (an RFC 9110 token: letters, digits and <c>!#$%&amp;'*+-.^_`|~</c>) is, or -1.</summary>
    /// <param name="name">The header name.</param>
    /// <returns>The index of the first bad character, or -1 when the name is a token (or empty).</returns>
    public static int IndexOfInvalidNameChar(ReadOnlySpan<char> name) => Validate.IndexOfNonToken(name);

    /// <summary>Where the first character that cannot go in a header value on the wire (anything but tab and printable ASCII: CR, LF, NUL, other controls, non-ASCII) is, or -1.</summary>
    /// <param name="value">The header value.</param>
    /// <returns>The index of the first bad character, or -1.</returns>
    public static int IndexOfInvalidValueChar(ReadOnlySpan<char> value) => Validate.IndexOfNonHeaderText(value);

    /// <summary>
    /// Whether the values of header <paramref name="name"/> are secrets that messages never show:
    /// <c>Authorization</c>, <c>Proxy-Authorization</c>, <c>X-Amz-Security-Token</c>, <c>Cookie</c>
    /// and SSE-C keys (<c>*-customer-key</c>).
    /// </summary>
    /// <param name="name">The header name, in any case.</param>
    /// <returns>True for a secret header.</returns>
    public static bool IsSecret(ReadOnlySpan<char> name) => Validate.IsSecretHeader(name);
}
