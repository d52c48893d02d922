using System.Text;

namespace Signing.Cli.Tests;

/// <summary><c>sigv s3 mv</c>, the filters of cp and rm, and the object settings (--metadata and the like) against Ceph RGW.</summary>
public sealed class MoveFilterEndToEndTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sigv-mv-e2e-").FullName;
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
    public async Task SigvS3Mv_UploadCopyDownload_SourceGoneMoveLines()
    {
        string bucket = await NewBucketAsync();
        File.WriteAllText(Path.Combine(_dir, "a.txt"), "moved");

        var up = await OkAsync("s3", "mv", "a.txt", $"s3://{bucket}/in/");
        Assert.Equal($"move: a.txt to s3://{bucket}/in/a.txt\n", up.Stdout);
        Assert.False(File.Exists(Path.Combine(_dir, "a.txt")));

        var copy = await OkAsync("s3", "mv", $"s3://{bucket}/in/a.txt", $"s3://{bucket}/out/b.txt");
        Assert.Equal($"move: s3://{bucket}/in/a.txt to s3://{bucket}/out/b.txt\n", copy.Stdout);
        using var s3 = Rgw.Client();
        Assert.Equal(["out/b.txt"], (await s3.ListObjectsV2Async(bucket)).Objects.Select(o => o.Key));

        var down = await OkAsync("s3", "mv", $"s3://{bucket}/out/b.txt", "back.txt");
        Assert.Equal($"move: s3://{bucket}/out/b.txt to back.txt\n", down.Stdout);
        Assert.Equal("moved", File.ReadAllText(Path.Combine(_dir, "back.txt")));
        Assert.Empty((await s3.ListObjectsV2Async(bucket)).Objects);
    }

    [IntegrationFact(TestServers.Rgw)]
    public async Task SigvS3CpMv_SymlinkedFile_TargetsBytesUploadedLinkNotTargetMoved()
    {
        string bucket = await NewBucketAsync();
        Directory.CreateDirectory(Path.Combine(_dir, "tree"));
        File.WriteAllText(Path.Combine(_dir, "target.txt"), "the target's bytes");
        File.CreateSymbolicLink(Path.Combine(_dir, "tree", "link.txt"), Path.Combine(_dir, "target.txt"));
        using var s3 = Rgw.Client();

        Assert.Equal($"upload: tree/link.txt to s3://{bucket}/one.txt\n", (await OkAsync("s3", "cp", "tree/link.txt", $"s3://{bucket}/one.txt")).Stdout);
        Assert.Equal("the target's bytes", Encoding.UTF8.GetString(await s3.GetObjectBytesAsync(bucket, "one.txt")));

        var mv = await OkAsync("s3", "mv", "tree", $"s3://{bucket}/moved", "--recursive");
        Assert.Equal($"move: tree/link.txt to s3://{bucket}/moved/link.txt\n", mv.Stdout);
        Assert.Equal("the target's bytes", Encoding.UTF8.GetString(await s3.GetObjectBytesAsync(bucket, "moved/link.txt")));
        Assert.False(File.Exists(Path.Combine(_dir, "tree", "link.txt"))); // the link went
        Assert.Equal("the target's bytes", File.ReadAllText(Path.Combine(_dir, "target.txt"))); // its target stays
    }

    [IntegrationFact(TestServers.Rgw)]
    public async Task SigvS3Mv_RecursiveWithExclude_ExcludedStay()
    {
        string bucket = await NewBucketAsync();
        using var s3 = Rgw.Client();
        foreach (string key in (string[])["src/a.txt", "src/sub/b.txt", "src/skip.tmp"])
        {
            await s3.PutObjectAsync(bucket, key, Encoding.UTF8.GetBytes(key));
        }

        var mv = await OkAsync("s3", "mv", $"s3://{bucket}/src", $"s3://{bucket}/dst", "--recursive", "--exclude", "*.tmp");
        Assert.Equal($"move: s3://{bucket}/src/a.txt to s3://{bucket}/dst/a.txt\nmove: s3://{bucket}/src/sub/b.txt to s3://{bucket}/dst/sub/b.txt\n", mv.Stdout);
        Assert.Equal(["dst/a.txt", "dst/sub/b.txt", "src/skip.tmp"], (await s3.ListObjectsV2Async(bucket)).Objects.Select(o => o.Key));
    }

    [IntegrationFact(TestServers.Rgw)]
    public async Task SigvS3Mv_OntoItself_RefusedNothingDeleted()
    {
        string bucket = await NewBucketAsync();
        using var s3 = Rgw.Client();
        await s3.PutObjectAsync(bucket, "k.txt", "x"u8.ToArray());
        var r = await SigvProcess.RunAsync(["s3", "mv", $"s3://{bucket}/k.txt", $"s3://{bucket}/"], Rgw.Environment(), workingDirectory: _dir);
        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.Contains("onto itself", r.Stderr, StringComparison.Ordinal);
        Assert.Single((await s3.ListObjectsV2Async(bucket)).Objects);
    }

    [IntegrationFact(TestServers.Rgw)]
    public async Task SigvS3CpRm_RecursiveFilters_AsTheAwsCli()
    {
        string bucket = await NewBucketAsync();
        foreach (string name in (string[])["site/index.html", "site/app.js", "site/img/logo.png", "site/img/raw.psd"])
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(_dir, name))!);
            File.WriteAllText(Path.Combine(_dir, name), name);
        }

        var cp = await OkAsync("s3", "cp", "site", $"s3://{bucket}/www", "--recursive", "--exclude", "img/*", "--include", "*.png");
        Assert.Equal(3, cp.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        using var s3 = Rgw.Client();
        Assert.Equal(["www/app.js", "www/img/logo.png", "www/index.html"], (await s3.ListObjectsV2Async(bucket)).Objects.Select(o => o.Key));

        // A single file the filters exclude is skipped (its directory is the filters' root).
        Assert.Equal(string.Empty, (await OkAsync("s3", "cp", "site/img/raw.psd", $"s3://{bucket}/", "--exclude", "*.psd")).Stdout);

        var rm = await OkAsync("s3", "rm", $"s3://{bucket}/www", "--recursive", "--exclude", "*", "--include", "*.js", "--include", "img/*", "--page-size", "1");
        Assert.Equal([$"delete: s3://{bucket}/www/app.js", $"delete: s3://{bucket}/www/img/logo.png"], rm.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal));
        Assert.Equal(["www/index.html"], (await s3.ListObjectsV2Async(bucket)).Objects.Select(o => o.Key));
        Assert.Equal(string.Empty, (await OkAsync("s3", "rm", $"s3://{bucket}/www/index.html", "--exclude", "*.html")).Stdout);
    }

    [IntegrationFact(TestServers.Rgw)]
    public async Task SigvS3Cp_ObjectSettings_StoredOnUploadAndCopy()
    {
        string bucket = await NewBucketAsync();
        File.WriteAllText(Path.Combine(_dir, "r.pdf"), "pdf");
        string[] settings = ["--metadata", "owner=ops,Build=42", "--cache-control", "max-age=60", "--content-disposition", "attachment; filename=\"r.pdf\"", "--storage-class", "STANDARD"];
        await OkAsync(["s3", "cp", "r.pdf", $"s3://{bucket}/r.pdf", .. settings]);
        using var s3 = Rgw.Client();
        var head = await s3.HeadObjectAsync(bucket, "r.pdf");
        Assert.Equal("ops", head.Metadata["owner"]);
        Assert.Equal("42", head.Metadata["build"]);
        Assert.Equal("max-age=60", head.Headers["Cache-Control"]);
        Assert.Equal("attachment; filename=\"r.pdf\"", head.Headers["Content-Disposition"]);
        Assert.Equal("application/pdf", head.ContentType);

        // A copy keeps the source's settings unless given new ones; then they replace them (REPLACE directive).
        await OkAsync("s3", "cp", $"s3://{bucket}/r.pdf", $"s3://{bucket}/same.pdf");
        Assert.Equal("ops", (await s3.HeadObjectAsync(bucket, "same.pdf")).Metadata["owner"]);
        await OkAsync("s3", "cp", $"s3://{bucket}/r.pdf", $"s3://{bucket}/new.pdf", "--metadata", "{\"owner\":\"dev\"}", "--storage-class", "STANDARD");
        var copied = await s3.HeadObjectAsync(bucket, "new.pdf");
        Assert.Equal("dev", copied.Metadata["owner"]);
        Assert.False(copied.Metadata.ContainsKey("build"));
        Assert.Equal("application/pdf", copied.ContentType);

        var ls = await OkAsync("s3", "ls", $"s3://{bucket}/", "--page-size", "1");
        Assert.Equal(3, ls.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    private async Task<string> NewBucketAsync()
    {
        string bucket = $"sigv-mv-{Guid.NewGuid():N}"[..30];
        using var s3 = Rgw.Client();
        await s3.CreateBucketAsync(bucket);
        _buckets.Add(bucket);
        return bucket;
    }

    private Task<SigvResult> OkAsync(params string[] args) => OkAsync((IEnumerable<string>)args);

    private async Task<SigvResult> OkAsync(IEnumerable<string> args)
    {
        var result = await SigvProcess.RunAsync(args, Rgw.Environment(), workingDirectory: _dir);
        Assert.True(result.ExitCode == 0, $"sigv {string.Join(' ', args)}: {result}");
        return result;
    }
}
