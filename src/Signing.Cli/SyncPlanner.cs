namespace Signing.Cli;

/// <summary>Which way a sync goes: the AWS CLI's time rule differs between them.</summary>
internal enum SyncDirection
{
    /// <summary>Local files to S3.</summary>
    Upload,

    /// <summary>S3 objects to local files.</summary>
    Download,

    /// <summary>S3 objects to another bucket or prefix.</summary>
    Copy,
}

/// <summary>One file or object as sync compares it: its size and time (a file's mtime, an object's LastModified from the listing).</summary>
/// <param name="Size">Bytes.</param>
/// <param name="LastModified">The file's modification time or the object's LastModified.</param>
internal readonly record struct SyncEntry(long Size, DateTimeOffset LastModified);

/// <summary>How sync compares a source and a destination that both exist.</summary>
/// <param name="SizeOnly">--size-only: only the sizes count.</param>
/// <param name="ExactTimestamps">--exact-timestamps: a download goes when the times differ at all.</param>
/// <param name="Delete">--delete: what is only at the destination is removed.</param>
internal readonly record struct SyncRules(bool SizeOnly = false, bool ExactTimestamps = false, bool Delete = false);

/// <summary>
/// What <c>sigv s3 sync</c> transfers and deletes, by the AWS CLI's rules (its sync strategies):
/// a source with no destination always goes; when both exist, it goes when the sizes differ, or
/// by time: an upload or copy when the source is newer than the destination, a download when the
/// local file is newer than the object (the CLI sets a downloaded file's mtime to the object's
/// LastModified, so a newer file was changed since); --size-only ignores times, and
/// --exact-timestamps makes a download go when the times differ at all. With --delete, what is
/// only at the destination is removed. Times compare to the microsecond, as the CLI's datetimes.
/// </summary>
internal static class SyncPlanner
{
    /// <summary>The plan: relative paths to transfer and to delete, each in ordinal order.</summary>
    /// <param name="direction">Upload, download or copy.</param>
    /// <param name="source">The source's entries by path relative to the source root ('/' separated).</param>
    /// <param name="destination">The destination's entries, keyed the same way.</param>
    /// <param name="rules">--size-only, --exact-timestamps, --delete.</param>
    public static (List<string> Transfer, List<string> Delete) Plan(
        SyncDirection direction,
        IReadOnlyDictionary<string, SyncEntry> source,
        IReadOnlyDictionary<string, SyncEntry> destination,
        SyncRules rules)
    {
        var transfer = new List<string>();
        foreach (var (path, entry) in source)
        {
            if (!destination.TryGetValue(path, out var existing) || ShouldTransfer(direction, entry, existing, rules))
            {
                transfer.Add(path);
            }
        }

        var delete = rules.Delete ? destination.Keys.Where(path => !source.ContainsKey(path)).ToList() : [];
        transfer.Sort(StringComparer.Ordinal);
        delete.Sort(StringComparer.Ordinal);
        return (transfer, delete);
    }

    /// <summary>Whether a source that exists at the destination too is transferred again.</summary>
    public static bool ShouldTransfer(SyncDirection direction, SyncEntry source, SyncEntry destination, SyncRules rules)
    {
        if (source.Size != destination.Size)
        {
            return true;
        }

        if (rules.SizeOnly)
        {
            return false;
        }

        // The CLI's delta: destination time minus source time.
        long delta = Microseconds(destination.LastModified) - Microseconds(source.LastModified);
        return direction switch
        {
            SyncDirection.Download when rules.ExactTimestamps => delta != 0,
            SyncDirection.Download => delta > 0, // the local file is newer than the object
            _ => delta < 0, // the source is newer than the destination
        };
    }

    private static long Microseconds(DateTimeOffset time) => time.UtcTicks / 10;
}
