using Signing.Cli;

namespace Signing.Tests.Cli;

/// <summary>How sync and cp --recursive walk a local directory: symbolic links followed or skipped, loops and dangling links reported.</summary>
public sealed class LocalTreeTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sigv-tree-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void LocalTree_Files_RelativeOrdinalSizesAndTimes()
    {
        Write("b.txt", "bb");
        Write("a/z.txt", "z");
        Write("a/é ü.txt", "uni");
        var time = new DateTime(2024, 5, 1, 12, 0, 0, 123, DateTimeKind.Utc);
        File.SetLastWriteTimeUtc(Path.Combine(_dir, "b.txt"), time);
        var files = LocalTree.Files(_dir, followSymlinks: true, w => Assert.Fail(w));
        Assert.Equal(["a/z.txt", "a/é ü.txt", "b.txt"], files.Select(f => f.Relative));
        Assert.Equal(Path.Combine(_dir, "a", "z.txt"), files[0].FullPath);
        Assert.Equal(new SyncEntry(2, time), files[2].Entry);
    }

    [Fact]
    public void LocalTree_Files_SymlinksFollowedToTheTargetsBytesOrSkipped()
    {
        Write("real/data.txt", "0123456789");
        File.CreateSymbolicLink(Path.Combine(_dir, "link.txt"), Path.Combine(_dir, "real", "data.txt"));
        Directory.CreateSymbolicLink(Path.Combine(_dir, "linkdir"), Path.Combine(_dir, "real"));

        var followed = LocalTree.Files(_dir, followSymlinks: true, w => Assert.Fail(w));
        Assert.Equal(["link.txt", "linkdir/data.txt", "real/data.txt"], followed.Select(f => f.Relative));
        var link = followed[0];
        Assert.Equal(10, link.Entry.Size); // the target's, not the link's
        Assert.Equal(Path.Combine(_dir, "link.txt"), link.FullPath);
        Assert.Equal(Path.Combine(_dir, "real", "data.txt"), link.OpenPath);

        var skipped = LocalTree.Files(_dir, followSymlinks: false, w => Assert.Fail(w));
        Assert.Equal(["real/data.txt"], skipped.Select(f => f.Relative));
    }

    [Fact]
    public void LocalTree_Files_LoopAndDanglingLinkReportedNotFollowed()
    {
        Write("d/f.txt", "f");
        Directory.CreateSymbolicLink(Path.Combine(_dir, "d", "up"), _dir);
        File.CreateSymbolicLink(Path.Combine(_dir, "gone.txt"), Path.Combine(_dir, "nothing-here"));
        var warnings = new List<string>();
        var files = LocalTree.Files(_dir, followSymlinks: true, warnings.Add);
        Assert.Equal(["d/f.txt"], files.Select(f => f.Relative));
        Assert.Equal(2, warnings.Count);
        Assert.Contains(warnings, w => w.Contains("gone.txt", StringComparison.Ordinal) && w.Contains("leads to nothing", StringComparison.Ordinal));
        Assert.Contains(warnings, w => w.Contains("back into a directory", StringComparison.Ordinal));
    }

    private void Write(string relative, string text)
    {
        string path = Path.Combine(_dir, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }
}
