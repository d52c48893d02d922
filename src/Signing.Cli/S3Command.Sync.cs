using System.Diagnostics;
using System.Globalization;
using Signing.S3;

namespace Signing.Cli;

internal sealed partial class S3Command
{
    /// <summary>Files sync moves at once, as the AWS CLI's default max_concurrent_requests (each large one in parallel parts too).</summary>
    private const int SyncWorkers = 10;

    /// <summary>One side of a sync: entries by path relative to its root, and where each one is (a local path or a key).</summary>
    private sealed record SyncSide(string Root, S3Path? Folder, Dictionary<string, SyncEntry> Entries, Dictionary<string, string> Locations)
    {
        /// <summary>The file or object for <paramref name="relative"/>: where it is now, or where it goes at a destination.</summary>
        public string Location(string relative) => Locations.TryGetValue(relative, out string? at) ? at
            : Folder is { } folder ? folder.FolderPrefix + relative
            : Path.Combine(Root, relative.Replace('/', Path.DirectorySeparatorChar));

        /// <summary><paramref name="relative"/> as result lines show it: <c>s3://b/k</c>, or a path relative to the working directory.</summary>
        public string Show(string relative) => Folder is { } folder ? (folder with { Key = Location(relative) }).ToString() : Shown(Path.Combine(Root, relative.Replace('/', Path.DirectorySeparatorChar)));
    }

    /// <summary>
    /// <c>sync SOURCE TARGET</c>: makes TARGET hold what SOURCE holds, transferring only what is
    /// missing or changed (see <see cref="SyncPlanner"/>), several files at once under one progress
    /// bar; with --delete, removes what SOURCE lacks. Result lines as <c>aws s3 sync</c> prints them,
    /// then a summary on standard error.
    /// </summary>
    private async Task<int> SyncAsync()
    {
        string from = _args.Paths[0], to = _args.Paths[1];
        UsageException.ThrowIf(!S3Path.IsS3(from) && !S3Path.IsS3(to), $"s3 sync: neither {CliText.Show(from)} nor {CliText.Show(to)} is an s3:// URI; sync local directories with rsync.");

        UsageException.ThrowIf(from == "-" || to == "-", "s3 sync: syncs directories and prefixes, not standard input or output.");

        UsageException.ThrowIf(!S3Path.IsS3(from) && !Directory.Exists(CliText.LocalPath("s3 sync: the source", from)), $"s3 sync: {CliText.Show(from)} is not a directory: sync takes a directory (or s3:// prefix) to copy from; for one file use 'sigv s3 cp'.");

        UsageException.ThrowIf(!S3Path.IsS3(to) && File.Exists(CliText.LocalPath("s3 sync: the target", to)), $"s3 sync: {CliText.Show(to)} is a file: sync downloads into a directory.");

        var direction = !S3Path.IsS3(from) ? SyncDirection.Upload : S3Path.IsS3(to) ? SyncDirection.Copy : SyncDirection.Download;
        var clock = Stopwatch.StartNew();
        var sourceTask = Task.Run(() => ListSideAsync(from, direction == SyncDirection.Download ? to : null), _ct);
        var destination = await ListSideAsync(to, null).ConfigureAwait(false);
        var source = await sourceTask.ConfigureAwait(false);
        var (transfer, delete) = SyncPlanner.Plan(direction, source.Entries, destination.Entries, new SyncRules(_args.SizeOnly, _args.ExactTimestamps, _args.Delete));

        var (verb, done) = direction switch
        {
            SyncDirection.Upload => ("upload", "uploaded"),
            SyncDirection.Download => ("download", "downloaded"),
            _ => ("copy", "copied"),
        };
        long bytes = transfer.Sum(p => source.Entries[p].Size);
        int failed = 0;
        using (var bar = Bar($"{transfer.Count.ToString(CultureInfo.InvariantCulture)} files", bytes))
        {
            var parallel = new ParallelOptions { MaxDegreeOfParallelism = SyncWorkers, CancellationToken = _ct };
            await Parallel.ForEachAsync(transfer, parallel, async (relative, _) =>
            {
                string line = $"{verb}: {source.Show(relative)} to {destination.Show(relative)}";
                try
                {
                    if (!_args.DryRun)
                    {
                        await SyncOneAsync(direction, source, destination, relative, bar).ConfigureAwait(false);
                    }

                    Say(line, bar);
                }
                catch (Exception e) when (e is S3Exception or IOException or HttpRequestException or TimeoutException or UnauthorizedAccessException)
                {
                    Interlocked.Increment(ref failed);
                    Say($"{verb} failed: {line[(verb.Length + 2)..]}: {CliText.Message(e)}", bar, error: true);
                }
            }).ConfigureAwait(false);
        }

        int deleted = await SyncDeleteAsync(destination, delete).ConfigureAwait(false);
        if (!_args.Quiet)
        {
            string dry = _args.DryRun ? "(dryrun) would have " : string.Empty;
            int failures = failed + delete.Count - deleted;
            string failedText = failures > 0 ? $", {failures} failed" : string.Empty;
            _err.WriteLine(string.Create(CultureInfo.InvariantCulture, $"sigv: s3 sync: {dry}{done} {transfer.Count - failed} ({ProgressBar.Bytes(bytes)}), deleted {deleted}, {source.Entries.Count - transfer.Count} up to date{failedText}; {clock.Elapsed.TotalSeconds:0.00} s."));
        }

        return failed == 0 && deleted == delete.Count && _skipped == 0 ? ExitCodes.Ok : ExitCodes.RequestFailed;
    }

    /// <summary>
    /// The files under a local directory, or the objects under an S3 prefix (folder markers left
    /// out), that pass the filters, keyed by path relative to the root. For a download's source,
    /// keys that would land outside <paramref name="downloadTo"/> are reported and left out.
    /// </summary>
    private async Task<SyncSide> ListSideAsync(string root, string? downloadTo)
    {
        var entries = new Dictionary<string, SyncEntry>(StringComparer.Ordinal);
        var locations = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!S3Path.IsS3(root))
        {
            if (Directory.Exists(root))
            {
                foreach (var file in LocalTree.Files(root, !_args.NoFollowSymlinks, Skipped))
                {
                    if (_args.Filter.Includes(file.Relative))
                    {
                        entries[file.Relative] = file.Entry;
                        locations[file.Relative] = file.OpenPath;
                    }
                }
            }

            return new SyncSide(root, null, entries, locations);
        }

        var folder = S3Path.Parse(root);
        string prefix = folder.FolderPrefix;
        await foreach (var o in ListUnderAsync(folder.Bucket, prefix).ConfigureAwait(false))
        {
            string relative = o.Key[prefix.Length..];
            if ((o.Size == 0 && o.Key.EndsWith('/')) || !_args.Filter.Includes(relative)
                || (downloadTo is not null && LocalTarget(downloadTo, relative) is null))
            {
                continue; // a folder marker, filtered out, or a key that would land outside the directory
            }

            entries[relative] = new SyncEntry(o.Size, o.LastModified ?? DateTimeOffset.MinValue);
        }

        return new SyncSide(root, folder, entries, locations);
    }

    /// <summary>Transfers one file or object; a download then takes the object's LastModified as its mtime, so the next sync finds it unchanged.</summary>
    private async Task SyncOneAsync(SyncDirection direction, SyncSide source, SyncSide destination, string relative, ProgressBar bar)
    {
        string from = source.Location(relative), to = destination.Location(relative);
        switch (direction)
        {
            case SyncDirection.Upload:
                var target = destination.Folder!.Value;
                await _client.UploadFileAsync(target.Bucket, to, from, Transfer(bar, UploadOptions(from)), _ct).ConfigureAwait(false);
                break;
            case SyncDirection.Download:
                var sourceFolder = source.Folder!.Value;
                if (Path.GetDirectoryName(Path.GetFullPath(to)) is { Length: > 0 } directory)
                {
                    Directory.CreateDirectory(directory);
                }

                await _client.DownloadFileAsync(sourceFolder.Bucket, from, to, Transfer(bar, null), _ct).ConfigureAwait(false);
                File.SetLastWriteTimeUtc(to, source.Entries[relative].LastModified.UtcDateTime);
                break;
            default:
                await _client.CopyObjectAsync(source.Folder!.Value.Bucket, from, destination.Folder!.Value.Bucket, to, CopyOptions(to), _ct).ConfigureAwait(false);
                bar.Add(source.Entries[relative].Size);
                break;
        }
    }

    /// <summary>--delete: removes <paramref name="delete"/> from the destination (S3: 1000 keys a DeleteObjects request); returns how many went.</summary>
    private async Task<int> SyncDeleteAsync(SyncSide destination, List<string> delete)
    {
        int deleted = 0;
        if (destination.Folder is not { } folder)
        {
            foreach (string relative in delete)
            {
                try
                {
                    if (!_args.DryRun)
                    {
                        File.Delete(destination.Location(relative));
                    }

                    Say($"delete: {destination.Show(relative)}");
                    deleted++;
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    Say($"delete failed: {destination.Show(relative)}: {CliText.Message(e)}", error: true);
                }
            }

            return deleted;
        }

        foreach (var chunk in delete.Chunk(1000))
        {
            var keys = chunk.Select(destination.Location).ToList();
            deleted += await DeleteKeysAsync(folder, keys, refused => Say($"delete failed: {refused}", error: true)).ConfigureAwait(false);
        }

        return deleted;
    }

    /// <summary>
    /// Prints a result line such as <c>upload: a.txt to s3://b/a.txt</c> (unless --quiet; with --dryrun
    /// prefixed <c>(dryrun) </c>), or an error line, one at a time, above the progress bar if there is one.
    /// </summary>
    private void Say(string line, ProgressBar? bar = null, bool error = false)
    {
        if (!error && _args.Quiet)
        {
            return;
        }

        var writer = error ? _err : _out;
        string text = !error && _args.DryRun ? "(dryrun) " + line : line;
        lock (_sayGate)
        {
            if (bar is null)
            {
                writer.WriteLine(text);
            }
            else
            {
                bar.WriteAbove(writer, text);
            }
        }
    }

    private readonly object _sayGate = new();

    /// <summary>Reports a local file or directory left out (unreadable, a broken or looping link): the run then exits 1, as cp's skipped keys do.</summary>
    private void Skipped(string why)
    {
        Say($"warning: {why}", error: true);
        Interlocked.Increment(ref _skipped);
    }
}
