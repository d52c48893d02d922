namespace Signing.Cli;

/// <summary>A local file found under a directory: its path relative to that directory ('/' separated) and what sync compares.</summary>
/// <param name="Relative">The path relative to the root, with '/' between segments.</param>
/// <param name="FullPath">The path under the root as given (the root joined with the relative path; a followed symbolic link's own path).</param>
/// <param name="OpenPath">The path to read: <paramref name="FullPath"/>, or a followed link's target.</param>
/// <param name="Entry">Its size and modification time (a followed link's target's).</param>
internal readonly record struct LocalFile(string Relative, string FullPath, string OpenPath, SyncEntry Entry);

/// <summary>
/// The files under a local directory, as <c>aws s3 sync</c> and <c>cp --recursive</c> walk it:
/// symbolic links to files and directories followed unless --no-follow-symlinks (then skipped);
/// a link that leads nowhere, or back into a directory already being walked, is skipped with a
/// warning, as is a directory that cannot be read.
/// </summary>
internal static class LocalTree
{
    /// <summary>Every file under <paramref name="root"/>, in ordinal order of the relative path.</summary>
    /// <param name="root">The directory.</param>
    /// <param name="followSymlinks">Whether to follow symbolic links (else skip them).</param>
    /// <param name="warn">Receives a line for each thing skipped.</param>
    public static List<LocalFile> Files(string root, bool followSymlinks, Action<string> warn)
    {
        var files = new List<LocalFile>();
        var walking = new HashSet<string>(StringComparer.Ordinal);
        Walk(root, new DirectoryInfo(root), string.Empty, followSymlinks, warn, files, walking);
        files.Sort((a, b) => string.CompareOrdinal(a.Relative, b.Relative));
        return files;
    }

    private static void Walk(string root, DirectoryInfo directory, string prefix, bool followSymlinks, Action<string> warn, List<LocalFile> files, HashSet<string> walking)
    {
        string real = directory.LinkTarget is null ? directory.FullName : directory.ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? directory.FullName;
        if (!walking.Add(Path.TrimEndingDirectorySeparator(real)))
        {
            warn($"skipped {directory.FullName}: a symbolic link back into a directory being copied.");
            return;
        }

        FileSystemInfo[] entries;
        try
        {
            entries = directory.GetFileSystemInfos();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            warn($"skipped {directory.FullName}: the directory cannot be read ({e.Message}).");
            walking.Remove(Path.TrimEndingDirectorySeparator(real));
            return;
        }

        foreach (var entry in entries)
        {
            string relative = prefix + entry.Name;
            bool link = entry.LinkTarget is not null;
            if (link && !followSymlinks)
            {
                continue;
            }

            string target = entry.FullName;
            if (link)
            {
                target = SafeResolve(entry)?.FullName ?? string.Empty;
                if (!File.Exists(target) && !Directory.Exists(target))
                {
                    warn($"skipped {entry.FullName}: the symbolic link leads to nothing.");
                    continue;
                }
            }

            if (link ? Directory.Exists(target) : entry is DirectoryInfo)
            {
                Walk(root, new DirectoryInfo(entry.FullName), relative + "/", followSymlinks, warn, files, walking);
            }
            else
            {
                var file = new FileInfo(target);
                string path = Path.Combine(root, relative.Replace('/', Path.DirectorySeparatorChar));
                files.Add(new LocalFile(relative, path, link ? file.FullName : path, new SyncEntry(file.Length, file.LastWriteTimeUtc)));
            }
        }

        walking.Remove(Path.TrimEndingDirectorySeparator(real));
    }

    private static FileSystemInfo? SafeResolve(FileSystemInfo link)
    {
        try
        {
            return link.ResolveLinkTarget(returnFinalTarget: true);
        }
        catch (IOException)
        {
            return null; // a loop of links
        }
    }
}
