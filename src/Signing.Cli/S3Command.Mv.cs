namespace Signing.Cli;

internal sealed partial class S3Command
{
    /// <summary>
    /// <c>mv SOURCE TARGET</c>: <c>cp</c>, then the source is deleted once its copy is made (the
    /// local file, or the object); with --recursive, file by file. Prints <c>move: A to B</c>, as
    /// <c>aws s3 mv</c>. A source that fails to copy is kept.
    /// </summary>
    private Task<int> MoveAsync()
    {
        string from = _args.Paths[0], to = _args.Paths[1];
        UsageException.ThrowIf(from == "-" || to == "-", "s3 mv: moves files and objects, not standard input or output: use 'sigv s3 cp' for those.");

        if (S3Path.IsS3(from) && S3Path.IsS3(to))
        {
            S3Path source = S3Path.Parse(from), target = S3Path.Parse(to);
            bool sameKey = source.Bucket == target.Bucket && (_args.Recursive ? source.FolderPrefix == target.FolderPrefix : source.Key == target.Key || (target.IsFolder && target.Append(source.Name).Key == source.Key));
            UsageException.ThrowIf(sameKey, $"s3 mv: {CliText.Show(from)} and {CliText.Show(to)} are the same: moving it onto itself would delete it.");
        }

        return CopyAsync();
    }

    /// <summary>Deletes a moved source: the local file, or the object.</summary>
    private async Task DeleteSourceAsync(string source)
    {
        if (S3Path.IsS3(source))
        {
            var path = S3Path.Parse(source);
            await _client.DeleteObjectAsync(path.Bucket, path.Key, _ct).ConfigureAwait(false);
        }
        else
        {
            File.Delete(source);
        }
    }
}
