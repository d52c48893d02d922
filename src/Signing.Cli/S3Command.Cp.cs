using Signing.S3;

namespace Signing.Cli;

internal sealed partial class S3Command
{
    /// <summary>
    /// <c>cp</c>: local to S3 (PutObject, or multipart above --multipart-threshold), S3 to local
    /// (GET, or parallel ranged GETs above it), S3 to S3 (CopyObject), <c>-</c> for standard input
    /// or output; with --recursive, every file under a directory or key under a prefix.
    /// </summary>
    private async Task<int> CopyAsync()
    {
        string from = _args.Paths[0], to = _args.Paths[1];
        UsageException.ThrowIf(!S3Path.IsS3(from) && !S3Path.IsS3(to), $"s3 cp: neither {CliText.Show(from)} nor {CliText.Show(to)} is an s3:// URI; copy local files with cp.");

        UsageException.ThrowIf(!S3Path.IsS3(to) && (_args.Acl is not null || _args.ContentType is not null || _args.Metadata is not null || _args.CacheControl is not null || _args.ContentDisposition is not null || _args.StorageClass is not null), $"s3 {_args.Subcommand}: --acl, --content-type, --metadata, --cache-control, --content-disposition and --storage-class apply to what is written to S3, not to downloads.");

        var plan = _args.Recursive ? await PlanRecursiveAsync(from, to).ConfigureAwait(false) : [PlanOne(from, to)];
        foreach (var (source, target) in plan)
        {
            if (_args.Recursive || FilterPasses(source))
            {
                await CopyOneAsync(source, target).ConfigureAwait(false);
            }
        }

        return _skipped == 0 ? ExitCodes.Ok : ExitCodes.RequestFailed;
    }

    /// <summary>
    /// The source and target of a single cp: a folder target (<c>s3://b/dir/</c>, an existing
    /// directory) receives the source's name. A source key ending in '/' is a folder marker, read
    /// as the object it is (as <c>aws s3 cp</c> does): to standard output, a named file, or an S3
    /// folder (keeping its own last segment, <c>dir/</c>); it has no name to give a local directory.
    /// </summary>
    private static (string Source, string Target) PlanOne(string from, string to)
    {
        if (!S3Path.IsS3(from))
        {
            CliText.LocalPath("s3 cp: the source", from);
            if (from != "-" && !File.Exists(from))
            {
                throw new UsageException(Directory.Exists(from)
                    ? $"s3 cp: {CliText.Show(from)} is a directory: add --recursive to copy what is in it."
                    : $"s3 cp: {CliText.Show(from)}: no such file.");
            }

            var target = S3Path.Parse(to);
            if (target.IsFolder)
            {
                target = from == "-"
                    ? throw new UsageException($"s3 cp: standard input needs an object key: write s3://BUCKET/KEY, not {CliText.Show(to)}.")
                    : target.Append(Path.GetFileName(from));
            }

            return (from, target.ToString());
        }

        var source = S3Path.Parse(from);
        UsageException.ThrowIf(source.Key.Length == 0, $"s3 cp: {CliText.Show(from)} names no object: write s3://BUCKET/KEY, or add --recursive to copy all under a prefix.");

        string name = source.IsFolder ? source.Key[(source.Key.TrimEnd('/').LastIndexOf('/') + 1)..] : source.Name;
        if (S3Path.IsS3(to))
        {
            var target = S3Path.Parse(to);
            return (from, (target.IsFolder ? target.Append(name) : target).ToString());
        }

        CliText.LocalPath("s3 cp: the target", to);
        bool folder = to.EndsWith('/') || to.EndsWith(Path.DirectorySeparatorChar) || Directory.Exists(to);
        UsageException.ThrowIf(to != "-" && folder && source.IsFolder, $"s3 cp: {CliText.Show(from)} is a folder marker (an object whose key ends in '/') and has no file name to save under {CliText.Show(to)}: name the file (such as {CliText.Show(Path.Combine(to, "marker"))}), use '-' for standard output, or add --recursive to copy what is under the prefix.");

        return (from, to != "-" && folder ? Path.Combine(to, name) : to);
    }

    /// <summary>Every file under a directory, or key under a prefix (taken as a folder: <c>s3://b/logs</c> means <c>logs/</c>), paired with its target.</summary>
    private async Task<List<(string Source, string Target)>> PlanRecursiveAsync(string from, string to)
    {
        UsageException.ThrowIf(from == "-" || to == "-", "s3 cp: --recursive copies files and keys, not standard input or output.");

        var plan = new List<(string, string)>();
        if (!S3Path.IsS3(from))
        {
            UsageException.ThrowIf(!Directory.Exists(from), $"s3 cp: {CliText.Show(from)} is not a directory: drop --recursive to copy one file.");

            var target = S3Path.Parse(to);
            foreach (var file in LocalTree.Files(from, !_args.NoFollowSymlinks, Skipped))
            {
                if (_args.Filter.Includes(file.Relative))
                {
                    plan.Add((file.FullPath, (target with { Key = target.FolderPrefix + file.Relative }).ToString()));
                }
            }

            return plan;
        }

        var source = S3Path.Parse(from);
        string prefix = source.FolderPrefix;
        await foreach (var o in ListUnderAsync(source.Bucket, prefix).ConfigureAwait(false))
        {
            string relative = o.Key[prefix.Length..];
            if (o.Key.EndsWith('/') || !_args.Filter.Includes(relative))
            {
                continue; // a folder marker, or filtered out
            }

            if (S3Path.IsS3(to))
            {
                var target = S3Path.Parse(to);
                plan.Add(((source with { Key = o.Key }).ToString(), (target with { Key = target.FolderPrefix + relative }).ToString()));
            }
            else if (LocalTarget(to, relative) is { } local)
            {
                plan.Add(((source with { Key = o.Key }).ToString(), local));
            }
        }

        return plan;
    }

    /// <summary>Where key <paramref name="relative"/> lands under <paramref name="directory"/>, or null (reported) if outside it, as a key with <c>../</c> would.</summary>
    private string? LocalTarget(string directory, string relative)
    {
        string root = Path.GetFullPath(directory);
        string full = Path.GetFullPath(Path.Combine(root, relative.Replace('/', Path.DirectorySeparatorChar)));
        if (full.StartsWith(Path.TrimEndingDirectorySeparator(root) + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            return Path.Combine(directory, relative.Replace('/', Path.DirectorySeparatorChar));
        }

        _err.WriteLine($"sigv: s3 {_args.Subcommand}: skipped key {CliText.Show(relative)}: it would be written outside {directory}.");
        _skipped++;
        return null;
    }

    private async Task CopyOneAsync(string source, string target)
    {
        string kind = (S3Path.IsS3(source), S3Path.IsS3(target)) switch
        {
            (false, _) => "upload",
            (_, false) => "download",
            _ => "copy",
        };
        string verb = _args.Subcommand == "mv" ? "move" : kind;
        if (_args.DryRun)
        {
            Say($"{verb}: {source} to {target}");
            return;
        }

        switch (kind)
        {
            case "upload":
                await UploadAsync(source, S3Path.Parse(target)).ConfigureAwait(false);
                break;
            case "download" when target == "-":
                await ToStdoutAsync(S3Path.Parse(source), progress: true).ConfigureAwait(false);
                return;
            case "download":
                await DownloadAsync(S3Path.Parse(source), target).ConfigureAwait(false);
                break;
            default:
                await CopyObjectAsync(S3Path.Parse(source), S3Path.Parse(target)).ConfigureAwait(false);
                break;
        }

        if (verb == "move")
        {
            await DeleteSourceAsync(source).ConfigureAwait(false);
        }

        Say($"{verb}: {source} to {target}");
    }

    private async Task UploadAsync(string local, S3Path target)
    {
        var objectOptions = UploadOptions(local == "-" ? target.Key : local);
        if (local == "-")
        {
            using var bar = Bar(target.Name, total: null);
            // Reads of a pipe kept open end on SIGTERM or Ctrl+C, so the upload can be aborted.
            var stdin = new CancellableReadStream(_stdin);
            await _client.UploadStreamAsync(target.Bucket, target.Key, stdin, Transfer(bar, objectOptions), _ct).ConfigureAwait(false);
            return;
        }

        string read = ReadPath(local);
        using var fileBar = Bar(Path.GetFileName(local), new FileInfo(read).Length);
        await _client.UploadFileAsync(target.Bucket, target.Key, read, Transfer(fileBar, objectOptions), _ct).ConfigureAwait(false);
    }

    private async Task DownloadAsync(S3Path source, string local)
    {
        if (Path.GetDirectoryName(Path.GetFullPath(local)) is { Length: > 0 } directory && !Directory.Exists(directory))
        {
            // Only once the object is known to exist: a failed download leaves no directories behind.
            await _client.HeadObjectAsync(source.Bucket, source.Key, _ct).ConfigureAwait(false);
            Directory.CreateDirectory(directory);
        }

        // The size for the bar costs a HEAD: asked only when a bar shows.
        long? total = ShowProgress ? (await _client.HeadObjectAsync(source.Bucket, source.Key, _ct).ConfigureAwait(false)).ContentLength : null;
        using var bar = Bar(source.Name, total);
        await _client.DownloadFileAsync(source.Bucket, source.Key, local, Transfer(bar, null), _ct).ConfigureAwait(false);
    }

    private async Task CopyObjectAsync(S3Path source, S3Path target)
    {
        await _client.CopyObjectAsync(source.Bucket, source.Key, target.Bucket, target.Key, CopyOptions(target.Key), _ct).ConfigureAwait(false);
    }

    /// <summary>GetObject into standard output, bytes as they are (<c>cat</c>, <c>cp s3://... -</c>).</summary>
    private async Task ToStdoutAsync(S3Path source, bool progress)
    {
        using var response = await _client.GetObjectAsync(source.Bucket, source.Key, cancellationToken: _ct).ConfigureAwait(false);
        using var bar = ProgressBar.ForTerminal(source.Name, response.ContentLength, progress && ShowProgress);
        await _out.FlushAsync(_ct).ConfigureAwait(false);
        var stdout = _rawStdout;
        byte[] buffer = new byte[81920];
        int n;
        while ((n = await response.Content.ReadAsync(buffer, _ct).ConfigureAwait(false)) > 0)
        {
            await stdout.WriteAsync(buffer.AsMemory(0, n), _ct).ConfigureAwait(false);
            bar.Add(n);
        }

        await stdout.FlushAsync(_ct).ConfigureAwait(false);
    }

    /// <summary><c>cat s3://bucket/key</c>: the object to standard output.</summary>
    private async Task<int> CatAsync()
    {
        await ToStdoutAsync(ObjectPath(), progress: false).ConfigureAwait(false);
        return ExitCodes.Ok;
    }

    private TransferOptions Transfer(ProgressBar bar, PutObjectOptions? objectOptions) => new()
    {
        MultipartThreshold = _args.MultipartThreshold,
        PartSize = _args.MultipartChunkSize,
        Progress = new TransferProgress(bar),
        ObjectOptions = objectOptions,
    };
}
