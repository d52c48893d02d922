using Signing.Cli;

namespace Signing.Tests.Cli;

/// <summary>
/// The --exclude/--include matcher: Python fnmatch's glob rules (as the AWS CLI uses them), and the
/// examples of the AWS CLI's documentation ("Use of Exclude and Include Filters", awscli
/// examples/s3/_concepts.rst), whose tree is /tmp/foo with .git/config, .git/description,
/// foo.txt, bar.txt and baz.jpg.
/// </summary>
public sealed class PathFilterTests
{
    private static readonly string[] DocsTree = [".git/config", ".git/description", "foo.txt", "bar.txt", "baz.jpg"];

    [Theory]
    [InlineData("*", "a/b/c.txt", true)] // '*' crosses '/'
    [InlineData("*.txt", "a/b/c.txt", true)]
    [InlineData("*.txt", "a/b/c.txt.gz", false)] // whole-path match
    [InlineData("a/*", "a/b/c", true)]
    [InlineData("a/*", "ab/c", false)]
    [InlineData("?.txt", "a.txt", true)]
    [InlineData("?.txt", "ab.txt", false)]
    [InlineData("?", "/", true)]
    [InlineData("[ab].*", "b.log", true)]
    [InlineData("[ab].*", "c.log", false)]
    [InlineData("[!ab].*", "c.log", true)]
    [InlineData("[!ab].*", "a.log", false)]
    [InlineData("[a-c]x", "bx", true)]
    [InlineData("[a-c]x", "dx", false)]
    [InlineData("[]]", "]", true)] // ']' first in a set is a member
    [InlineData("[!]]", "a", true)]
    [InlineData("[x", "[x", true)] // an unclosed '[' is itself
    [InlineData("[x].txt", "[x].txt", false)] // a set, not the literal name
    [InlineData("[x].txt", "x.txt", true)]
    [InlineData("*.TXT", "a.txt", false)] // case-sensitive, as fnmatch on POSIX
    [InlineData("a*b*c", "aXbYbZc", true)]
    [InlineData("a*b*c", "aXbYbZ", false)]
    [InlineData("**", "", true)]
    [InlineData("", "", true)]
    [InlineData("", "a", false)]
    [InlineData("sp ace+%ü*", "sp ace+%ü/x", true)]
    [InlineData("\\*", "\\x", true)] // no backslash escapes in fnmatch
    public void PathFilter_Glob_FnmatchRules(string pattern, string path, bool expected) =>
        Assert.Equal(expected, PathFilter.Glob(pattern, path));

    [Theory]
    [InlineData(new string[0], ".git/config .git/description foo.txt bar.txt baz.jpg")]
    [InlineData(new[] { "--exclude", ".git/*" }, "foo.txt bar.txt baz.jpg")]
    [InlineData(new[] { "--exclude", "ba*" }, ".git/config .git/description foo.txt")]
    [InlineData(new[] { "--exclude", "*", "--include", "*.txt" }, "foo.txt bar.txt")]
    [InlineData(new[] { "--include", "*.txt", "--exclude", "*" }, "")]
    [InlineData(new[] { "--exclude", "*", "--include", "*.jpg" }, "baz.jpg")]
    [InlineData(new[] { "--exclude", "*", "--include", "*.jpg", "--include", "*.txt" }, "foo.txt bar.txt baz.jpg")]
    [InlineData(new[] { "--include", "*.txt" }, ".git/config .git/description foo.txt bar.txt baz.jpg")] // include alone changes nothing
    [InlineData(new[] { "--exclude", "*", "--include", "*.txt", "--exclude", "bar*" }, "foo.txt")] // the later exclude wins again
    public void PathFilter_Includes_AwsCliDocumentedExamples(string[] flags, string expected)
    {
        var filter = new PathFilter();
        for (int i = 0; i < flags.Length; i += 2)
        {
            filter.Add(flags[i] == "--include", flags[i + 1]);
        }

        Assert.Equal(expected, string.Join(' ', DocsTree.Where(filter.Includes)));
    }

    [Fact]
    public void PathFilter_IsEmpty_UntilAFilterIsAdded()
    {
        var filter = new PathFilter();
        Assert.True(filter.IsEmpty);
        Assert.True(filter.Includes("anything"));
        filter.Add(include: false, "*");
        Assert.False(filter.IsEmpty);
        Assert.False(filter.Includes("anything"));
    }
}
