using Signing.S3;

namespace Signing.Cli;

internal sealed partial class S3Command
{
    /// <summary>What an upload stores with the object: --acl, --content-type (else guessed from <paramref name="name"/>), --metadata, --cache-control, --content-disposition, --storage-class.</summary>
    private PutObjectOptions UploadOptions(string name) => new()
    {
        CannedAcl = _args.Acl,
        ContentType = _args.ContentType ?? ContentTypes.Guess(name),
        Metadata = _args.Metadata,
        Headers = ObjectHeaders(storageClass: true),
    };

    /// <summary>
    /// What a copy on the server stores: the source's metadata, unless --metadata, --content-type,
    /// --cache-control or --content-disposition is given; then they replace it (as the AWS CLI sets
    /// the REPLACE directive when --metadata is given), the Content-Type guessed from the key when
    /// not given, as for an upload.
    /// </summary>
    private CopyObjectOptions CopyOptions(string key)
    {
        bool replace = _args.Metadata is not null || _args.ContentType is not null || _args.CacheControl is not null || _args.ContentDisposition is not null;
        return new CopyObjectOptions
        {
            CannedAcl = _args.Acl,
            StorageClass = _args.StorageClass,
            ReplaceMetadata = replace
                ? new PutObjectOptions { ContentType = _args.ContentType ?? ContentTypes.Guess(key), Metadata = _args.Metadata, Headers = ObjectHeaders(storageClass: false) }
                : null,
        };
    }

    private Dictionary<string, string>? ObjectHeaders(bool storageClass)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (_args.CacheControl is { } cache)
        {
            headers["Cache-Control"] = cache;
        }

        if (_args.ContentDisposition is { } disposition)
        {
            headers["Content-Disposition"] = disposition;
        }

        if (storageClass && _args.StorageClass is { } storage)
        {
            headers["x-amz-storage-class"] = storage;
        }

        return headers.Count == 0 ? null : headers;
    }

    /// <summary>Every object under <paramref name="prefix"/>, in key order, --page-size keys a request.</summary>
    private async IAsyncEnumerable<S3Object> ListUnderAsync(string bucket, string prefix)
    {
        await foreach (var page in ListPagesAsync(bucket, prefix, delimiter: null).ConfigureAwait(false))
        {
            foreach (var o in page.Objects)
            {
                yield return o;
            }
        }
    }

    /// <summary>The ListObjectsV2 pages under <paramref name="prefix"/> (one level of it with <paramref name="delimiter"/> '/'), --page-size keys a request.</summary>
    private async IAsyncEnumerable<ListObjectsResult> ListPagesAsync(string bucket, string prefix, string? delimiter)
    {
        var options = new ListObjectsOptions { Prefix = prefix.Length == 0 ? null : prefix, Delimiter = delimiter, MaxKeys = _args.PageSize };
        while (true)
        {
            var page = await _client.ListObjectsV2Async(bucket, options, _ct).ConfigureAwait(false);
            yield return page;
            if (!page.IsTruncated || string.IsNullOrEmpty(page.NextContinuationToken))
            {
                yield break;
            }

            options = options with { ContinuationToken = page.NextContinuationToken };
        }
    }

    /// <summary>
    /// A local path as the AWS CLI prints it in result lines: relative to the working directory
    /// (<c>./a.txt</c> for a file right in it, <c>sub/b.txt</c>, <c>../c.txt</c>).
    /// </summary>
    internal static string Shown(string path)
    {
        string full = Path.GetFullPath(path);
        string directory = Path.GetDirectoryName(full) ?? full;
        return Path.Join(Path.GetRelativePath(Directory.GetCurrentDirectory(), directory), Path.GetFileName(full));
    }

    /// <summary>
    /// The file to read for <paramref name="local"/>: itself, or a symbolic link's final target (a
    /// link's own length is that of the path it holds). The link stays what is shown and what mv deletes.
    /// </summary>
    private static string ReadPath(string local)
    {
        var info = new FileInfo(local);
        return info.LinkTarget is null ? local : info.ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? local;
    }

    /// <summary>Whether the filters let through a single (not --recursive) source: matched by its name, the AWS CLI's root being its directory.</summary>
    private bool FilterPasses(string source) =>
        _args.Filter.Includes(S3Path.IsS3(source) ? S3Path.Parse(source).Name : Path.GetFileName(source));
}
