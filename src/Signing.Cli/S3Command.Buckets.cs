using Signing.S3;

namespace Signing.Cli;

internal sealed partial class S3Command
{
    /// <summary><c>mb s3://bucket</c>: CreateBucket, in the client's region (no LocationConstraint for us-east-1, as S3 wants).</summary>
    private async Task<int> MakeBucketAsync()
    {
        string bucket = BucketOnly();
        string region = _client.Options.Region;
        await _client.CreateBucketAsync(bucket, region == S3Setup.DefaultRegion ? null : region, cancellationToken: _ct).ConfigureAwait(false);
        Say($"make_bucket: {bucket}");
        return ExitCodes.Ok;
    }

    /// <summary><c>rb s3://bucket</c>: DeleteBucket; with --force, first every object (and unfinished multipart upload) in it.</summary>
    private async Task<int> RemoveBucketAsync()
    {
        string bucket = BucketOnly();
        if (_args.Force)
        {
            int code = await DeleteAllAsync(new S3Path(bucket, string.Empty)).ConfigureAwait(false);
            if (code != ExitCodes.Ok)
            {
                return code;
            }

            foreach (var upload in await _client.ListMultipartUploadsAsync(bucket, cancellationToken: _ct).ConfigureAwait(false))
            {
                await _client.AbortMultipartUploadAsync(bucket, upload.Key, upload.UploadId, _ct).ConfigureAwait(false);
            }
        }

        await _client.DeleteBucketAsync(bucket, _ct).ConfigureAwait(false);
        Say($"remove_bucket: {bucket}");
        return ExitCodes.Ok;
    }

    /// <summary><c>rm s3://bucket/key</c>: DeleteObject; <c>rm s3://bucket/prefix --recursive</c>: every key under <c>prefix/</c>, 1000 per DeleteObjects.</summary>
    private async Task<int> RemoveAsync()
    {
        var path = OnePath();
        if (_args.Recursive)
        {
            return await DeleteAllAsync(path).ConfigureAwait(false);
        }

        if (path.Key.Length == 0)
        {
            // A key ending in '/' is a folder marker: deleted as the object it is, as 'aws s3 rm' does.
            throw new UsageException($"s3 rm: {CliText.Show(_args.Paths[0])} names no object: write s3://BUCKET/KEY, or add --recursive to delete all under a prefix.");
        }

        if (!FilterPasses(_args.Paths[0]))
        {
            return ExitCodes.Ok; // --exclude'd, as the AWS CLI skips it
        }

        if (!_args.DryRun)
        {
            await _client.DeleteObjectAsync(path.Bucket, path.Key, _ct).ConfigureAwait(false);
        }

        Say($"delete: {path}");
        return ExitCodes.Ok;
    }

    /// <summary>Deletes every key under <paramref name="folder"/>'s folder prefix, listing and deleting 1000 at a time; keys the server refuses are reported and give exit 1.</summary>
    private async Task<int> DeleteAllAsync(S3Path folder)
    {
        string prefix = folder.FolderPrefix;
        var batch = new List<string>(1000);
        int failed = 0;
        async Task FlushAsync()
        {
            if (batch.Count > 0)
            {
                await DeleteKeysAsync(folder, batch, refused =>
                {
                    _err.WriteLine($"sigv: s3 {_args.Subcommand}: could not delete {refused}");
                    failed++;
                }).ConfigureAwait(false);
                batch.Clear();
            }
        }

        await foreach (var o in ListUnderAsync(folder.Bucket, prefix).ConfigureAwait(false))
        {
            if (!_args.Filter.Includes(o.Key[prefix.Length..]))
            {
                continue;
            }

            batch.Add(o.Key);
            if (batch.Count == 1000)
            {
                await FlushAsync().ConfigureAwait(false);
            }
        }

        await FlushAsync().ConfigureAwait(false);
        return failed == 0 ? ExitCodes.Ok : ExitCodes.RequestFailed;
    }

    /// <summary>
    /// Deletes <paramref name="keys"/> (at most 1000) from <paramref name="folder"/>'s bucket with one
    /// DeleteObjects (none with --dryrun), saying <c>delete: s3://...</c> for each that went;
    /// <paramref name="refused"/> hears <c>s3://... : CODE message</c> for each the server refused. Returns how many went.
    /// </summary>
    private async Task<int> DeleteKeysAsync(S3Path folder, List<string> keys, Action<string> refused)
    {
        if (_args.DryRun)
        {
            keys.ForEach(k => Say($"delete: {folder with { Key = k }}"));
            return keys.Count;
        }

        var result = await _client.DeleteObjectsAsync(folder.Bucket, keys, _ct).ConfigureAwait(false);
        foreach (string key in result.Deleted)
        {
            Say($"delete: {folder with { Key = key }}");
        }

        foreach (var error in result.Errors)
        {
            refused($"{folder with { Key = error.Key }}: {error.Code} {error.Message}");
        }

        return result.Deleted.Count;
    }

    /// <summary>The bucket of <c>mb</c> and <c>rb</c>, which take no key.</summary>
    private string BucketOnly()
    {
        var path = OnePath();
        return path.Key.Length == 0
            ? path.Bucket
            : throw new UsageException($"s3 {_args.Subcommand}: {CliText.Show(_args.Paths[0])} has a key: write s3://BUCKET only.");
    }
}
