using Signing.Cli;

namespace Signing.Tests.Cli;

/// <summary>
/// sync's comparison rules, as the AWS CLI's sync strategies decide (awscli
/// customizations/s3/syncstrategy: the size and last-modified rule, --size-only, --exact-timestamps,
/// --delete): they differ by direction.
/// </summary>
public sealed class SyncPlannerTests
{
    private static readonly DateTimeOffset T = new(2024, 5, 1, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    // direction, source size, source time offset (s), destination size, destination time offset (s), transfers
    [InlineData("Upload", 10, 0, 10, 0, false)] // same size, same time
    [InlineData("Upload", 10, 0, 11, 0, true)] // sizes differ
    [InlineData("Upload", 10, 5, 10, 0, true)] // the local file is newer than the object
    [InlineData("Upload", 10, 0, 10, 5, false)] // the object is newer (as after an upload)
    [InlineData("Copy", 10, 5, 10, 0, true)] // the source object is newer
    [InlineData("Copy", 10, 0, 10, 5, false)]
    [InlineData("Download", 10, 0, 10, 0, false)] // mtime was set to LastModified
    [InlineData("Download", 10, 0, 10, 5, true)] // the local file is newer: it was changed
    [InlineData("Download", 10, 5, 10, 0, false)] // the object is newer, same size: the CLI does not download
    [InlineData("Download", 10, 5, 12, 0, true)] // sizes differ
    public void SyncPlanner_ShouldTransfer_SizeAndTimeByDirection(string direction, long sourceSize, int sourceOffset, long destinationSize, int destinationOffset, bool expected)
    {
        var source = new SyncEntry(sourceSize, T.AddSeconds(sourceOffset));
        var destination = new SyncEntry(destinationSize, T.AddSeconds(destinationOffset));
        Assert.Equal(expected, SyncPlanner.ShouldTransfer(Enum.Parse<SyncDirection>(direction), source, destination, default));
    }

    [Theory]
    [InlineData("Upload")]
    [InlineData("Download")]
    [InlineData("Copy")]
    public void SyncPlanner_ShouldTransfer_SizeOnlyIgnoresTimes(string name)
    {
        var direction = Enum.Parse<SyncDirection>(name);
        var rules = new SyncRules(SizeOnly: true);
        Assert.False(SyncPlanner.ShouldTransfer(direction, new SyncEntry(1, T.AddDays(1)), new SyncEntry(1, T), rules));
        Assert.False(SyncPlanner.ShouldTransfer(direction, new SyncEntry(1, T), new SyncEntry(1, T.AddDays(1)), rules));
        Assert.True(SyncPlanner.ShouldTransfer(direction, new SyncEntry(1, T), new SyncEntry(2, T), rules));
    }

    [Fact]
    public void SyncPlanner_ShouldTransfer_ExactTimestampsDownloadsAnyTimeDifference()
    {
        var rules = new SyncRules(ExactTimestamps: true);
        Assert.True(SyncPlanner.ShouldTransfer(SyncDirection.Download, new SyncEntry(1, T.AddMilliseconds(1)), new SyncEntry(1, T), rules)); // object newer
        Assert.True(SyncPlanner.ShouldTransfer(SyncDirection.Download, new SyncEntry(1, T), new SyncEntry(1, T.AddMilliseconds(1)), rules)); // file newer
        Assert.False(SyncPlanner.ShouldTransfer(SyncDirection.Download, new SyncEntry(1, T), new SyncEntry(1, T), rules));
        // Uploads keep the usual rule.
        Assert.False(SyncPlanner.ShouldTransfer(SyncDirection.Upload, new SyncEntry(1, T), new SyncEntry(1, T.AddSeconds(1)), rules));
    }

    [Fact]
    public void SyncPlanner_ShouldTransfer_TimesCompareToTheMicrosecond()
    {
        // A file's mtime in 100 ns ticks and the object's time in ms: equal to the microsecond is the same.
        Assert.False(SyncPlanner.ShouldTransfer(SyncDirection.Download, new SyncEntry(1, T), new SyncEntry(1, T.AddTicks(9)), default));
        Assert.True(SyncPlanner.ShouldTransfer(SyncDirection.Download, new SyncEntry(1, T), new SyncEntry(1, T.AddTicks(10)), default));
    }

    [Fact]
    public void SyncPlanner_Plan_MissingGoesExtraDeletedOnlyWithDelete()
    {
        var source = new Dictionary<string, SyncEntry> { ["b"] = new(1, T), ["a"] = new(1, T), ["same"] = new(1, T) };
        var destination = new Dictionary<string, SyncEntry> { ["same"] = new(1, T.AddSeconds(1)), ["z-extra"] = new(1, T), ["extra"] = new(1, T) };
        var (transfer, delete) = SyncPlanner.Plan(SyncDirection.Upload, source, destination, default);
        Assert.Equal(["a", "b"], transfer);
        Assert.Empty(delete);
        (transfer, delete) = SyncPlanner.Plan(SyncDirection.Upload, source, destination, new SyncRules(Delete: true));
        Assert.Equal(["a", "b"], transfer);
        Assert.Equal(["extra", "z-extra"], delete);
    }
}
