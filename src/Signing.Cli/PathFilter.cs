namespace Signing.Cli;

/// <summary>
/// The <c>--exclude</c> and <c>--include</c> filters of <c>sigv s3 cp/mv/rm/sync</c>, with the AWS
/// CLI's rules (its documentation, "Use of Exclude and Include Filters"): every file starts
/// included; each filter whose pattern matches the file's path relative to the source (or, for
/// what <c>sync --delete</c> would remove, the destination) sets it excluded or included, and
/// later filters win. Patterns are Unix shell globs as Python's <c>fnmatch</c> reads them:
/// <c>*</c> matches any run of characters, '/' included; <c>?</c> one character; <c>[seq]</c> and
/// <c>[!seq]</c> a character in (or not in) the set, ranges such as <c>a-z</c> allowed; an unclosed
/// <c>[</c> is itself. Matching is case-sensitive and whole-path.
/// </summary>
internal sealed class PathFilter
{
    private readonly List<(bool Include, string Pattern)> _rules = [];

    /// <summary>Whether there is any filter.</summary>
    public bool IsEmpty => _rules.Count == 0;

    /// <summary>Adds a filter, after those already given (so it takes precedence over them).</summary>
    public void Add(bool include, string pattern) => _rules.Add((include, pattern));

    /// <summary>Whether <paramref name="relativePath"/> (with '/' between segments) passes the filters.</summary>
    public bool Includes(string relativePath)
    {
        bool included = true;
        foreach (var (include, pattern) in _rules)
        {
            if (included != include && Glob(pattern, relativePath))
            {
                included = include;
            }
        }

        return included;
    }

    /// <summary>Whether the whole of <paramref name="text"/> matches the glob <paramref name="pattern"/> (fnmatch's rules, case-sensitive).</summary>
    public static bool Glob(ReadOnlySpan<char> pattern, ReadOnlySpan<char> text)
    {
        int p = 0, t = 0;
        int starP = -1, starT = -1;
        while (t < text.Length)
        {
            if (p < pattern.Length && pattern[p] == '*')
            {
                // Remember where a run of '*' ends; try matching the rest from here, then one more character in.
                while (p < pattern.Length && pattern[p] == '*')
                {
                    p++;
                }

                starP = p;
                starT = t;
                continue;
            }

            if (p < pattern.Length && MatchOne(pattern, ref p, text[t]))
            {
                t++;
                continue;
            }

            if (starP < 0)
            {
                return false;
            }

            p = starP;
            t = ++starT;
        }

        while (p < pattern.Length && pattern[p] == '*')
        {
            p++;
        }

        return p == pattern.Length;
    }

    /// <summary>Whether the pattern element at <paramref name="p"/> (a character, '?' or a set) matches <paramref name="c"/>; on a match, moves past it.</summary>
    private static bool MatchOne(ReadOnlySpan<char> pattern, ref int p, char c)
    {
        char first = pattern[p];
        if (first == '?')
        {
            p++;
            return true;
        }

        if (first == '[' && SetEnd(pattern, p) is int end and > 0)
        {
            bool matched = InSet(pattern[(p + 1)..end], c);
            if (matched)
            {
                p = end + 1;
            }

            return matched;
        }

        if (first == c)
        {
            p++;
            return true;
        }

        return false;
    }

    /// <summary>The index of the ']' closing the set that opens at <paramref name="open"/>, or -1 when it is not closed (then '[' is literal, as fnmatch takes it).</summary>
    private static int SetEnd(ReadOnlySpan<char> pattern, int open)
    {
        int i = open + 1;
        if (i < pattern.Length && pattern[i] == '!')
        {
            i++;
        }

        if (i < pattern.Length && pattern[i] == ']')
        {
            i++; // a ']' first in the set is a member
        }

        while (i < pattern.Length && pattern[i] != ']')
        {
            i++;
        }

        return i < pattern.Length ? i : -1;
    }

    /// <summary>Whether <paramref name="c"/> is in the set's body (between '[' and ']'): '!' first negates; <c>a-z</c> is a range.</summary>
    private static bool InSet(ReadOnlySpan<char> set, char c)
    {
        bool negate = set.Length > 0 && set[0] == '!';
        if (negate)
        {
            set = set[1..];
        }

        bool found = false;
        for (int i = 0; i < set.Length; i++)
        {
            if (i + 2 < set.Length && set[i + 1] == '-')
            {
                found |= c >= set[i] && c <= set[i + 2];
                i += 2;
            }
            else
            {
                found |= c == set[i];
            }
        }

        return found != negate;
    }
}
