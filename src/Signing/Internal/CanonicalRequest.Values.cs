namespace Signing.Internal;

internal static partial class CanonicalRequest
{
    /// <summary>
    /// Trims, and folds each run of white space (obsolete line folding included) to one space: SigV4's
    /// canonical header values, and SigV2's x-amz-* ones (the S3 guide unfolds "by replacing the folding
    /// white space (including new-line) by a single space"). Validation let through only printable
    /// ASCII, tabs, and CR and LF that fold a line.
    /// </summary>
    internal static void WriteFoldedValue(ref Utf8Builder w, scoped ReadOnlySpan<char> value)
    {
        // Validated: printable ASCII, tabs and line folds. No space, tab or line break: nothing to fold.
        if (AsciiText.IndexOfNotVisible(value) < 0)
        {
            w.WriteAscii(value);
            return;
        }

        if (!NeedsFolding(value))
        {
            w.WriteAscii(value); // single spaces inside: one vectorized copy
            return;
        }

        value = value.Trim(" \t\r\n");

        bool space = false;
        foreach (char c in value)
        {
            if (c is ' ' or '\t' or '\r' or '\n')
            {
                space = true;
                continue;
            }

            if (space)
            {
                w.Write((byte)' ');
                space = false;
            }

            w.Write((byte)c);
        }
    }

    /// <summary>Whether a value has white space to trim or fold: at an end, a tab or line break, or two spaces in a row. One scalar pass: values are short.</summary>
    private static bool NeedsFolding(ReadOnlySpan<char> value)
    {
        if (value.IsEmpty)
        {
            return false;
        }

        if (value[0] == ' ' || value[^1] == ' ')
        {
            return true;
        }

        bool space = false;
        foreach (char c in value)
        {
            if (c == ' ')
            {
                if (space)
                {
                    return true;
                }

                space = true;
            }
            else if (c is '\t' or '\r' or '\n')
            {
                return true;
            }
            else
            {
                space = false;
            }
        }

        return false;
    }
}
