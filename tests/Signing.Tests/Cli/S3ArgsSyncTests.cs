using Signing.Cli;

namespace Signing.Tests.Cli;

/// <summary>The flags of sync and mv, the filters and the object settings: parsed, checked, and refused where the AWS CLI has no such flag.</summary>
public sealed class S3ArgsSyncTests
{
    [Fact]
    public void S3Args_Sync_FlagsTakenFiltersInOrder()
    {
        var a = S3Args.Parse(["sync", "dir", "s3://b/p", "--delete", "--exact-timestamps", "--exclude", "*", "--include=*.txt", "--exclude", "tmp/*", "--no-follow-symlinks", "--page-size", "7", "--dryrun"]);
        a.Validate();
        Assert.True(a.Delete && a.ExactTimestamps && a.NoFollowSymlinks && a.DryRun);
        Assert.False(a.SizeOnly);
        Assert.Equal(7, a.PageSize);
        Assert.True(a.Filter.Includes("a.txt"));
        Assert.False(a.Filter.Includes("a.log"));
        Assert.False(a.Filter.Includes("tmp/a.txt")); // the later --exclude wins
    }

    [Fact]
    public void S3Args_FollowSymlinks_LaterFlagWins()
    {
        Assert.False(S3Args.Parse(["sync", "--no-follow-symlinks", "--follow-symlinks"]).NoFollowSymlinks);
        Assert.True(S3Args.Parse(["sync", "--follow-symlinks", "--no-follow-symlinks"]).NoFollowSymlinks);
    }

    [Theory]
    [InlineData("a=1,b=two words", "a=1;b=two words")]
    [InlineData("{\"a\": \"1\", \"B\": \"x=y\"}", "a=1;B=x=y")]
    [InlineData("k=", "k=")]
    public void S3Args_Metadata_ShorthandAndJson(string text, string expected) =>
        Assert.Equal(expected, string.Join(';', S3Args.ParseMetadata(text).Select(p => $"{p.Key}={p.Value}")));

    [Theory]
    [InlineData("", "key=value")]
    [InlineData("novalue", "key=value")]
    [InlineData("=v", "key=value")]
    [InlineData("{\"a\": 1}", "not a string")]
    [InlineData("{bad json", "not a JSON object")]
    [InlineData("a b=1", "metadata name")]
    [InlineData("a=caf\u00e9", "ASCII")]
    [InlineData("a=x\ny", "one line")]
    public void S3Args_Metadata_MalformedRefusedWithTheFix(string text, string expected)
    {
        var e = Assert.Throws<UsageException>(() => S3Args.ParseMetadata(text));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
        Assert.Contains("--metadata", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--page-size", "0", "1 to 1000")]
    [InlineData("--page-size", "1001", "1 to 1000")]
    [InlineData("--page-size", "x", "1 to 1000")]
    [InlineData("--storage-class", "standard", "STANDARD")]
    [InlineData("--storage-class", "", "STANDARD")]
    [InlineData("--cache-control", "a\nb", "line feed")]
    [InlineData("--content-disposition", "", "Content-Disposition")]
    public void S3Args_ValueFlags_BadValuesRefused(string flag, string value, string expected)
    {
        var e = Assert.Throws<UsageException>(() => S3Args.Parse(["cp", flag, value]));
        Assert.Contains(flag, e.Message, StringComparison.Ordinal);
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("rm", "--metadata", "a=1")]
    [InlineData("rm", "--size-only", null)]
    [InlineData("cp", "--delete", null)]
    [InlineData("mv", "--exact-timestamps", null)]
    [InlineData("ls", "--exclude", "*")]
    [InlineData("mb", "--page-size", "5")]
    public void S3Args_FlagOfAnotherSubcommand_Refused(string subcommand, string flag, string? value)
    {
        string[] args = value is null ? [subcommand, flag, "s3://b/k"] : [subcommand, flag, value, "s3://b/k"];
        var a = S3Args.Parse(args);
        var e = Assert.Throws<UsageException>(a.Validate);
        Assert.Contains($"{flag} does not apply here", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("sync", "--size-only", "--exact-timestamps", "pass one")]
    [InlineData("mv", "a", "b", "neither")]
    public void S3Args_Validate_SyncAndMvConflicts(string subcommand, string one, string two, string expected)
    {
        var a = subcommand == "sync" ? S3Args.Parse([subcommand, "d", "s3://b/", one, two]) : S3Args.Parse([subcommand, one, two]);
        Assert.Contains(expected, Assert.Throws<UsageException>(a.Validate).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("sync")]
    [InlineData("mv")]
    public void S3Args_SyncAndMv_TakeTwoPaths(string subcommand)
    {
        Assert.Contains("takes 2 paths, got 1", Assert.Throws<UsageException>(S3Args.Parse([subcommand, "s3://b/"]).Validate).Message, StringComparison.Ordinal);
        S3Args.Parse([subcommand, "s3://b/", "s3://c/"]).Validate();
    }
}
