using System.Diagnostics;
using System.Text;
using Signing.S3;

namespace Signing.Cli.Tests;

/// <summary>
/// <c>sigv s3 sync</c> run as a process against Ceph RGW, in a scratch working directory (so local
/// paths print as the AWS CLI prints them, relative to it): each test makes its own bucket.
/// </summary>
public sealed class SyncEndToEndTests : IDisposable
{
    /// <summary>Keys S3 clients stumble over: spaces, '+', '%', non-ASCII, brackets, a deep path.</summary>
    private static readonly string[] AwkwardNames = ["a b.txt", "plus+sign.txt", "100%.txt", "ünï cödé/ß.txt", "[x].txt", "d1/d2/d3/deep file.bin", "tilde~&=;.txt"];

    private readonly string _dir = Directory.CreateTempSubdirectory("sigv-sync-e2e-").FullName;
    private readonly List<string> _buckets = [];

    public void Dispose()
    {
        foreach (string bucket in _buckets)
        {
            SigvProcess.RunAsync(["s3", "rb", "--force", "--quiet", $"s3://{bucket}"], Rgw.Environment()).GetAwaiter().GetResult();
        }

        Directory.Delete(_dir, recursive: true);
    }

    [IntegrationFact(TestServers.Rgw)]
    public async Task SigvS3Sync_UploadAwkwardKeys_AwsLinesThenSecondSyncCopiesNothing()
    {
        string bucket = await NewBucketAsync();
        Tree("src", AwkwardNames);

        var first = await OkAsync("s3", "sync", "src", $"s3://{bucket}/p");
        Assert.Equal(AwkwardNames.Select(n => $"upload: src/{n} to s3://{bucket}/p/{n}").Order(StringComparer.Ordinal), Lines(first));
        Assert.Contains($"uploaded {AwkwardNames.Length} ", first.Stderr, StringComparison.Ordinal);
        using var s3 = Rgw.Client();
        foreach (string name in AwkwardNames)
        {
            Assert.Equal(Encoding.UTF8.GetBytes(name), await s3.GetObjectBytesAsync(bucket, "p/" + name));
        }

        var second = await OkAsync("s3", "sync", "src", $"s3://{bucket}/p/");
        Assert.Equal(string.Empty, second.Stdout);
        Assert.Contains($"{AwkwardNames.Length} up to date", second.Stderr, StringComparison.Ordinal);

        // Same size, newer file: uploaded again (the source is newer); --size-only does not.
        File.SetLastWriteTimeUtc(Path.Combine(_dir, "src", "a b.txt"), DateTime.UtcNow.AddMinutes(5));
        Assert.Equal(string.Empty, (await OkAsync("s3", "sync", "src", $"s3://{bucket}/p", "--size-only")).Stdout);
        Assert.Equal([$"upload: src/a b.txt to s3://{bucket}/p/a b.txt"], Lines(await OkAsync("s3", "sync", "src", $"s3://{bucket}/p")));
    }

    [IntegrationFact(TestServers.Rgw)]
    public async Task SigvS3Sync_Download_MtimeIsLastModifiedSecondSyncNothingLocalChangeRedownloaded()
    {
        string bucket = await NewBucketAsync();
        using var s3 = Rgw.Client();
        foreach (string name in AwkwardNames)
        {
            await s3.PutObjectAsync(bucket, "in/" + name, Encoding.UTF8.GetBytes(name));
        }

        await s3.PutObjectAsync(bucket, "in/folder/", Array.Empty<byte>()); // a folder marker: not a file
        var first = await OkAsync("s3", "sync", $"s3://{bucket}/in", "out");
        Assert.Equal(AwkwardNames.Select(n => $"download: s3://{bucket}/in/{n} to out/{n}").Order(StringComparer.Ordinal), Lines(first));
        var listed = await s3.ListObjectsV2Async(bucket, new ListObjectsOptions { Prefix = "in/" });
        foreach (var o in listed.Objects.Where(o => !o.Key.EndsWith('/')))
        {
            string local = Path.Combine(_dir, "out", o.Key["in/".Length..]);
            Assert.Equal(o.Key["in/".Length..], File.ReadAllText(local));
            Assert.Equal(o.LastModified!.Value.UtcDateTime, File.GetLastWriteTimeUtc(local));
        }

        Assert.False(Directory.Exists(Path.Combine(_dir, "out", "folder")));
        Assert.Equal(string.Empty, (await OkAsync("s3", "sync", $"s3://{bucket}/in/", "out")).Stdout);

        // The local file changed (newer than the object): downloaded again, as the AWS CLI does.
        string changed = Path.Combine(_dir, "out", "a b.txt");
        File.WriteAllText(changed, "local edit");
        Assert.Equal([$"download: s3://{bucket}/in/a b.txt to out/a b.txt"], Lines(await OkAsync("s3", "sync", $"s3://{bucket}/in", "out")));
        Assert.Equal("a b.txt", File.ReadAllText(changed));

        // The object is newer but the same size: the CLI's rule keeps the local file; --exact-timestamps does not.
        File.SetLastWriteTimeUtc(changed, DateTime.UtcNow.AddDays(-1));
        Assert.Equal(string.Empty, (await OkAsync("s3", "sync", $"s3://{bucket}/in", "out")).Stdout);
        Assert.Equal([$"download: s3://{bucket}/in/a b.txt to out/a b.txt"], Lines(await OkAsync("s3", "sync", $"s3://{bucket}/in", "out", "--exact-timestamps")));
    }

    [IntegrationFact(TestServers.Rgw)]
    public async Task SigvS3Sync_DeleteBothWays_OnlyUnfilteredExtrasRemoved()
    {
        string bucket = await NewBucketAsync();
        Tree("src", "keep.txt", "sub/keep.log");
        await OkAsync("s3", "sync", "src", $"s3://{bucket}/");
        using var s3 = Rgw.Client();
        await s3.PutObjectAsync(bucket, "extra.txt", "x"u8.ToArray());
        await s3.PutObjectAsync(bucket, "sub/extra.tmp", "x"u8.ToArray());

        var dry = await OkAsync("s3", "sync", "src", $"s3://{bucket}", "--delete", "--dryrun", "--exclude", "*.tmp");
        Assert.Equal([$"(dryrun) delete: s3://{bucket}/extra.txt"], Lines(dry));
        Assert.Equal(4, (await s3.ListObjectsV2Async(bucket)).Objects.Count);

        var up = await OkAsync("s3", "sync", "src", $"s3://{bucket}", "--delete", "--exclude", "*.tmp");
        Assert.Equal([$"delete: s3://{bucket}/extra.txt"], Lines(up));
        Assert.Equal(["keep.txt", "sub/extra.tmp", "sub/keep.log"], (await s3.ListObjectsV2Async(bucket)).Objects.Select(o => o.Key));

        Tree("dst", "keep.txt", "local-only.txt", "sub/local.tmp");
        var down = await OkAsync("s3", "sync", $"s3://{bucket}", "dst", "--delete", "--exclude", "*.tmp");
        Assert.Equal([$"delete: dst/local-only.txt", $"download: s3://{bucket}/keep.txt to dst/keep.txt", $"download: s3://{bucket}/sub/keep.log to dst/sub/keep.log"], Lines(down));
        Assert.False(File.Exists(Path.Combine(_dir, "dst", "local-only.txt")));
        Assert.True(File.Exists(Path.Combine(_dir, "dst", "sub", "local.tmp"))); // excluded: neither copied nor deleted
        Assert.False(File.Exists(Path.Combine(_dir, "dst", "sub", "extra.tmp")));
    }

    [IntegrationFact(TestServers.Rgw)]
    public async Task SigvS3Sync_S3ToS3_CopiesThenNothingThenDeletes()
    {
        string bucket = await NewBucketAsync();
        Tree("src", "a.txt", "b/c.txt");
        await OkAsync("s3", "sync", "src", $"s3://{bucket}/one");
        var copy = await OkAsync("s3", "sync", $"s3://{bucket}/one", $"s3://{bucket}/two", "--metadata", "origin=sync");
        Assert.Equal([$"copy: s3://{bucket}/one/a.txt to s3://{bucket}/two/a.txt", $"copy: s3://{bucket}/one/b/c.txt to s3://{bucket}/two/b/c.txt"], Lines(copy));
        using var s3 = Rgw.Client();
        var head = await s3.HeadObjectAsync(bucket, "two/b/c.txt");
        Assert.Equal("sync", head.Metadata["origin"]);
        Assert.Equal("text/plain", head.ContentType);
        Assert.Equal(string.Empty, (await OkAsync("s3", "sync", $"s3://{bucket}/one", $"s3://{bucket}/two")).Stdout);
        await s3.DeleteObjectAsync(bucket, "one/a.txt");
        Assert.Equal([$"delete: s3://{bucket}/two/a.txt"], Lines(await OkAsync("s3", "sync", $"s3://{bucket}/one", $"s3://{bucket}/two", "--delete")));
    }

    [IntegrationFact(TestServers.Rgw)]
    public async Task SigvS3Sync_FilterMatrix_AwsCliDocumentedExamples()
    {
        // The tree and the outcomes of the AWS CLI's documentation, "Use of Exclude and Include Filters".
        string bucket = await NewBucketAsync();
        Tree("foo", ".git/config", ".git/description", "foo.txt", "bar.txt", "baz.jpg");
        (string[] Flags, string[] Expected)[] matrix =
        [
            (["--exclude", ".git/*"], ["bar.txt", "baz.jpg", "foo.txt"]),
            (["--exclude", "ba*"], [".git/config", ".git/description", "foo.txt"]),
            (["--exclude", "*", "--include", "*.txt"], ["bar.txt", "foo.txt"]),
            (["--include", "*.txt", "--exclude", "*"], []),
            (["--exclude", "*", "--include", "*.jpg"], ["baz.jpg"]),
            (["--exclude", "*", "--include", "*.jpg", "--include", "*.txt"], ["bar.txt", "baz.jpg", "foo.txt"]),
        ];
        foreach (var (flags, expected) in matrix)
        {
            var up = await OkAsync(["s3", "sync", "foo", $"s3://{bucket}/up", "--dryrun", .. flags]);
            Assert.Equal(expected.Select(n => $"(dryrun) upload: foo/{n} to s3://{bucket}/up/{n}"), Lines(up));
        }

        // The same filters from an S3 source, relative to its prefix.
        await OkAsync("s3", "sync", "foo", $"s3://{bucket}/src");
        foreach (var (flags, expected) in matrix)
        {
            var down = await OkAsync(["s3", "sync", $"s3://{bucket}/src", "down", "--dryrun", .. flags]);
            Assert.Equal(expected.Select(n => $"(dryrun) download: s3://{bucket}/src/{n} to down/{n}"), Lines(down));
        }
    }

    [IntegrationFact(TestServers.Rgw)]
    public async Task SigvS3Sync_TwoThousandFiles_UpThenNothingThenDownIdentical()
    {
        string bucket = await NewBucketAsync();
        string[] names = [.. Enumerable.Range(0, 2000).Select(i => $"d{i % 20:00}/file {i:0000}.txt")];
        Tree("many", names);

        var up = await OkAsync("s3", "sync", "many", $"s3://{bucket}/many");
        Assert.Equal(2000, Lines(up).Length);
        var again = await OkAsync("s3", "sync", "many", $"s3://{bucket}/many", "--page-size", "300");
        Assert.Equal(string.Empty, again.Stdout);
        Assert.Contains("2000 up to date", again.Stderr, StringComparison.Ordinal);

        var down = await OkAsync("s3", "sync", $"s3://{bucket}/many", "back");
        Assert.Equal(2000, Lines(down).Length);
        foreach (string name in names)
        {
            Assert.Equal(name, File.ReadAllText(Path.Combine(_dir, "back", name)));
        }

        Assert.Equal(string.Empty, (await OkAsync("s3", "sync", $"s3://{bucket}/many", "back")).Stdout);
    }

    [IntegrationFact(TestServers.Rgw)]
    public async Task SigvS3Sync_InterruptedBySigint_RerunFinishesWithTheRest()
    {
        string bucket = await NewBucketAsync();
        string[] names = [.. Enumerable.Range(0, 1500).Select(i => $"f{i:0000}.txt")];
        Tree("big", names);
        using var s3 = Rgw.Client();
        await using (var sigv = SigvProcess.Start(["s3", "sync", "big", $"s3://{bucket}/"], Rgw.Environment(), _dir))
        {
            var clock = Stopwatch.StartNew();
            while ((await s3.ListObjectsV2Async(bucket, new ListObjectsOptions { MaxKeys = 100 })).Objects.Count < 100)
            {
                Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60) && !sigv.HasExited, "the sync never got going");
                await Task.Delay(20);
            }

            sigv.Signal(2); // SIGINT
            var stopped = await sigv.WaitAsync(TimeSpan.FromSeconds(60));
            Assert.True(stopped.ExitCode == 130, stopped.ToString());
            Assert.EndsWith("sigv: s3 sync: interrupted by SIGINT.\n", stopped.Stderr, StringComparison.Ordinal);
        }

        var present = new List<string>();
        await foreach (var o in s3.ListAllObjectsAsync(bucket))
        {
            present.Add(o.Key);
        }

        Assert.InRange(present.Count, 100, names.Length - 1);
        var rest = await OkAsync("s3", "sync", "big", $"s3://{bucket}/");
        Assert.Equal(names.Except(present).Select(n => $"upload: big/{n} to s3://{bucket}/{n}"), Lines(rest));
        foreach (string name in names)
        {
            Assert.Equal(name, Encoding.UTF8.GetString(await s3.GetObjectBytesAsync(bucket, name)));
        }
    }

    /// <summary>Files under <paramref name="root"/> (in the scratch directory), each holding its own name.</summary>
    private void Tree(string root, params string[] names)
    {
        foreach (string name in names)
        {
            string path = Path.Combine(_dir, root, name);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, name);
        }
    }

    /// <summary>Standard output's lines in ordinal order (parallel transfers finish in any order).</summary>
    private static string[] Lines(SigvResult result) =>
        [.. result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal)];

    private async Task<string> NewBucketAsync()
    {
        string bucket = $"sigv-sync-{Guid.NewGuid():N}"[..30];
        using var s3 = Rgw.Client();
        await s3.CreateBucketAsync(bucket);
        _buckets.Add(bucket);
        return bucket;
    }

    private Task<SigvResult> OkAsync(params string[] args) => OkAsync((IEnumerable<string>)args);

    private async Task<SigvResult> OkAsync(IEnumerable<string> args)
    {
        var result = await SigvProcess.RunAsync(args, Rgw.Environment(), workingDirectory: _dir, timeout: TimeSpan.FromMinutes(5));
        Assert.True(result.ExitCode == 0, $"sigv {string.Join(' ', args)}: {result}");
        return result;
    }
}
