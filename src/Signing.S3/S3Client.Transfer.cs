using Signing.S3.Internal;

namespace Signing.S3;

public sealed partial class S3Client
{
    /// <summary>The smallest part S3 accepts but for the last: 5 MiB.</summary>
    private const long MinPartSize = 5L * 1024 * 1024;

    /// <summary>
    /// Uploads a file: one PutObject up to <see cref="TransferOptions.MultipartThreshold"/>, else a
    /// multipart upload with parts sent in parallel. On failure the multipart upload is aborted, so
    /// no parts are left behind.
    /// </summary>
    /// <param name="bucket">The bucket.</param>
    /// <param name="key">The key.</param>
    /// <param name="path">The file.</param>
    /// <param name="options">Threshold, part size, parallelism, progress, object options.</param>
    /// <param name="cancellationToken">Cancels the transfer (and aborts the upload).</param>
    /// <returns>The object's ETag and version.</returns>
    public async Task<PutObjectResult> UploadFileAsync(string bucket, string key, string path, TransferOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        options ??= new TransferOptions();
        CheckTransfer(options);
        long length = new FileInfo(path).Length;
        if (length <= options.MultipartThreshold)
        {
            var result = await PutObjectFromFileAsync(bucket, key, path, options.ObjectOptions, cancellationToken).ConfigureAwait(false);
            options.Progress?.Report(length);
            return result;
        }

        // Grow the part size when the file would need more than 10000 parts.
        long partSize = Math.Max(options.PartSize, (length + 9999) / 10000);
        int count = (int)((length + partSize - 1) / partSize);
        string uploadId = await CreateMultipartUploadAsync(bucket, key, options.ObjectOptions, cancellationToken).ConfigureAwait(false);
        var parts = new S3Part[count];
        long done = 0;
        try
        {
            var parallel = new ParallelOptions { MaxDegreeOfParallelism = options.MaxConcurrency, CancellationToken = cancellationToken };
            await Parallel.ForEachAsync(Enumerable.Range(0, count), parallel, async (i, ct) =>
            {
                long offset = i * partSize;
                long size = Math.Min(partSize, length - offset);
                parts[i] = await UploadPartAsync(bucket, key, uploadId, i + 1, RequestBody.FromFile(path, offset, size), ct).ConfigureAwait(false);
                options.Progress?.Report(Interlocked.Add(ref done, size));
            }).ConfigureAwait(false);
            return await CompleteMultipartUploadAsync(bucket, key, uploadId, parts, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            await AbortAfterFailureAsync(bucket, key, uploadId, e).ConfigureAwait(false);
            throw;
        }
        catch
        {
            // Cancelled by the caller: still leave nothing behind.
            await AbortAfterFailureAsync(bucket, key, uploadId, new OperationCanceledException(cancellationToken)).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// Downloads an object to a file: one GET up to <see cref="TransferOptions.MultipartThreshold"/>,
    /// else ranged GETs in parallel, each bound to the object's ETag (<c>If-Match</c>) so a change
    /// midway fails instead of mixing versions. The file appears only when complete.
    /// </summary>
    /// <param name="bucket">The bucket.</param>
    /// <param name="key">The key.</param>
    /// <param name="path">The file to write (replaced if it exists).</param>
    /// <param name="options">Threshold, range size, parallelism, progress.</param>
    /// <param name="cancellationToken">Cancels the transfer.</param>
    /// <returns>The object's metadata.</returns>
    public async Task<S3ObjectMetadata> DownloadFileAsync(string bucket, string key, string path, TransferOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        options ??= new TransferOptions();
        CheckTransfer(options);
        var head = await HeadObjectAsync(bucket, key, cancellationToken).ConfigureAwait(false);
        long length = head.ContentLength;
        string temp = path + ".s3download";
        var done = new System.Runtime.CompilerServices.StrongBox<long>();
        try
        {
            using (var handle = File.OpenHandle(temp, FileMode.Create, FileAccess.Write, FileShare.None, FileOptions.Asynchronous, length))
            {
                long rangeSize = length <= options.MultipartThreshold ? Math.Max(length, 1) : options.PartSize;
                int count = (int)Math.Max(1, (length + rangeSize - 1) / rangeSize);
                var parallel = new ParallelOptions { MaxDegreeOfParallelism = options.MaxConcurrency, CancellationToken = cancellationToken };
                await Parallel.ForEachAsync(Enumerable.Range(0, count), parallel, async (i, ct) =>
                {
                    long from = i * rangeSize;
                    var get = count == 1 ? new GetObjectOptions { IfMatch = head.ETag }
                        : new GetObjectOptions { RangeFrom = from, RangeTo = Math.Min(length, from + rangeSize) - 1, IfMatch = head.ETag };
                    await DownloadRangeAsync(bucket, key, get, handle, from, options.Progress, done, ct).ConfigureAwait(false);
                }).ConfigureAwait(false);
            }

            File.Move(temp, path, overwrite: true);
            return head;
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }

    /// <summary>One GET into the file at <paramref name="offset"/>; a body cut off midway is fetched again (the whole range).</summary>
    private async Task DownloadRangeAsync(string bucket, string key, GetObjectOptions get, Microsoft.Win32.SafeHandles.SafeFileHandle handle, long offset, IProgress<long>? progress, System.Runtime.CompilerServices.StrongBox<long> done, CancellationToken cancellationToken)
    {
        byte[] buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(81920);
        try
        {
            for (int attempt = 1; ; attempt++)
            {
                long written = 0;
                try
                {
                    using var response = await GetObjectAsync(bucket, key, get, cancellationToken).ConfigureAwait(false);
                    int n;
                    while ((n = await response.Content.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
                    {
                        await RandomAccess.WriteAsync(handle, buffer.AsMemory(0, n), offset + written, cancellationToken).ConfigureAwait(false);
                        written += n;
                        progress?.Report(Interlocked.Add(ref done.Value, n));
                    }

                    return;
                }
                catch (Exception e) when (e is IOException or HttpRequestException && attempt < Options.MaxAttempts && !cancellationToken.IsCancellationRequested)
                {
                    Interlocked.Add(ref done.Value, -written);
                    await Delay(BackoffDelay(attempt), cancellationToken).ConfigureAwait(false);
                }
            }
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// Aborts a failed multipart upload so no parts are left behind. When the abort cannot reach the
    /// server either, the upload failure is rethrown saying which upload is left and how to remove it.
    /// </summary>
    private async Task AbortAfterFailureAsync(string bucket, string key, string uploadId, Exception failure)
    {
        try
        {
            await AbortMultipartUploadAsync(bucket, key, uploadId, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is S3Exception or HttpRequestException or IOException or TimeoutException)
        {
            throw new IOException(
                $"Upload of {bucket}/{key} failed ({failure.Message}) and its multipart upload {uploadId} could not be aborted ({e.Message}): " +
                "once the server answers, remove it with AbortMultipartUploadAsync (ListMultipartUploadsAsync lists what is left).",
                failure);
        }
    }

    private static void CheckTransfer(TransferOptions options)
    {
        if (options.PartSize < MinPartSize)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.PartSize, $"PartSize {options.PartSize} is out of range: S3 parts but the last must be at least 5 MiB ({MinPartSize} bytes).");
        }

        if (options.MaxConcurrency < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.MaxConcurrency, $"MaxConcurrency {options.MaxConcurrency} is out of range: pass 1 or more.");
        }
    }
}
