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
        await foreach (var page in ListPagesAsync(path.Bucket, path.Key, _args.Recursive ? null : "/").ConfigureAwait(false))
        {
            foreach (string prefix in page.CommonPrefixes)
            {
                _out.WriteLine(S3ListFormat.Folder(prefix));
                any = true;
            }

            foreach (var o in page.Objects)
            {
                _out.WriteLine(S3ListFormat.Object(o, _args.HumanReadable, _args.Recursive, zone));
                objects++;
                bytes += o.Size;
                any = true;
            }
        }

        if (_args.Summarize)
        {
            _out.WriteLine(S3ListFormat.Summary(objects, bytes, _args.HumanReadable));
        }

        return any || path.Key.Length == 0 ? ExitCodes.Ok : ExitCodes.RequestFailed;
    }
}
