using Signing.S3;

namespace Signing.Cli;

internal sealed partial class S3Command
{
    /// <summary>
    /// <c>ls</c>: the buckets; or one level under a prefix (<c>PRE</c> lines for folders, then
    /// objects); or every key under it with --recursive. Like <c>aws s3 ls</c>, a prefix that
    /// matches nothing exits 1 without output.
    /// </summary>
    private async Task<int> ListAsync()
    {
        var zone = TimeZoneInfo.Local;
        if (_args.Paths.Count == 0)
        {
            foreach (var bucket in await _client.ListBucketsAsync(_ct).ConfigureAwait(false))
            {
                _out.WriteLine(S3ListFormat.Bucket(bucket, zone));
            }

            return ExitCodes.Ok;
        }

        var path = OnePath();
        long objects = 0, bytes = 0;
        bool any = false;
        void Print(S3Object o)
        {
            _out.WriteLine(S3ListFormat.Object(o, _args.HumanReadable, _args.Recursive, zone));
            objects++;
            bytes += o.Size;
            any = true;
        }

        if (_args.Recursive)
        {
            await foreach (var o in ListUnderAsync(path.Bucket, path.Key).ConfigureAwait(false))
            {
                Print(o);
            }
        }
        else
        {
            var options = new ListObjectsOptions { Prefix = NullIfEmpty(path.Key), Delimiter = "/", MaxKeys = _args.PageSize };
            while (true)
            {
                var page = await _client.ListObjectsV2Async(path.Bucket, options, _ct).ConfigureAwait(false);
                foreach (string prefix in page.CommonPrefixes)
                {
                    _out.WriteLine(S3ListFormat.Folder(prefix));
                    any = true;
                }

                foreach (var o in page.Objects)
                {
                    Print(o);
                }

                if (!page.IsTruncated || string.IsNullOrEmpty(page.NextContinuationToken))
                {
                    break;
                }

                options = options with { ContinuationToken = page.NextContinuationToken };
            }
        }

        if (_args.Summarize)
        {
            _out.WriteLine(S3ListFormat.Summary(objects, bytes, _args.HumanReadable));
        }

        return any || path.Key.Length == 0 ? ExitCodes.Ok : ExitCodes.RequestFailed;
    }

    private static string? NullIfEmpty(string text) => text.Length == 0 ? null : text;
}
