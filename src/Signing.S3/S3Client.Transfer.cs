using System.Runtime.CompilerServices;
using Microsoft.Win32.SafeHandles;
using Signing.S3.Internal;

namespace Signing.S3;

public sealed partial class S3Client
{
    /// <summary>The smallest part S3 accepts but for the last: 5 MiB.</summary>
    private const long MinPartSize = 5L * 1024 * 1024;

    /// <summary>The most parts one multipart upload may have.</summary>
    private const int MaxParts = 10000;

    /// <summary>
    /// Uploads a file: one PutObject up to <see cref="TransferOptions.MultipartThreshold"/>, else a
    /// multipart upload with parts sent in parallel. On failure or cancellation the multipart
    /// upload is aborted, so no parts are left behind.
    /// </summary>
    /// <param name="bucket">The bucket.</param>
    /// <param name="key">The key.</param>
    /// <param name="path">The file.</param>
    /// <param name="options">Threshold, part size, parallelism, progress, object options.</param>
    /// <param name="cancellationToken">Cancels the transfer (and aborts the upload).</param>
    /// <returns>The object's ETag and version.</returns>
    /// <exception cref="ArgumentException">A bad bucket, key, path or option (checked before anything is sent).</exception>
    /// <exception cref="S3Exception">The server refused a request.</exception>
    /// <exception cref="IOException">The file could not be read, or the connection failed on every attempt.</exception>
    public async Task<PutObjectResult> UploadFileAsync(string bucket, string key, string path, TransferOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        options ??= new TransferOptions();
        CheckTransfer(options);
        CheckObjectOptions(options.ObjectOptions);
        CheckKey(key);
        CheckBucket(bucket);
        long length = new FileInfo(path).Length;
        if (length <= options.MultipartThreshold)
        {
            var result = await PutObjectFromFileAsync(bucket, key, path, options.ObjectOptions, cancellationToken).ConfigureAwait(false);
            options.Progress?.Report(length);
            return result;
        }

        // Grow the part size when the file would need more than 10000 parts.
        long partSize = Math.Max(options.PartSize, (length + MaxParts - 1) / MaxParts);
        int count = (int)((length + partSize - 1) / partSize);
        int next = 0;
        return await UploadPartsAsync<int>(
            bucket,
            key,
            options,
            _ => new(next < count ? (true, next++) : (false, 0)),
            i => RequestBody.FromFile(path, i * partSize, Math.Min(partSize, length - (i * partSize))),
            release: null,
            abandon: null,
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Downloads an object to a file: one GET up to <see cref="TransferOptions.MultipartThreshold"/>,
    /// else ranged GETs in parallel. Every answer is checked before its bytes are written: each
    /// range must come back as 206 with exactly the <c>Content-Range</c> asked and that many
    /// bytes, every GET is bound to the ETag of the HEAD (<c>If-Match</c>) so a change midway fails
    /// instead of mixing versions, and the total must equal the object's size. The file appears only
    /// when complete; on any failure or cancellation the partial file is removed.
    /// </summary>
    /// <param name="bucket">The bucket.</param>
    /// <param name="key">The key.</param>
    /// <param name="path">The file to write (replaced if it exists).</param>
    /// <param name="options">Threshold, range size, parallelism, progress.</param>
    /// <param name="cancellationToken">Cancels the transfer.</param>
    /// <returns>The object's metadata.</returns>
    /// <exception cref="ArgumentException">A bad bucket, key, path or option.</exception>
    /// <exception cref="S3Exception">The server refused a request, or answered with other bytes than asked (code <c>InvalidResponse</c>), or the object changed during the download.</exception>
    /// <exception cref="IOException">The file could not be written, or the connection failed on every attempt.</exception>
    /// <exception cref="TimeoutException">Every attempt of a request stalled or timed out.</exception>
    public async Task<S3ObjectMetadata> DownloadFileAsync(string bucket, string key, string path, TransferOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        options ??= new TransferOptions();
        CheckTransfer(options);
        var head = await HeadObjectAsync(bucket, key, cancellationToken).ConfigureAwait(false);
        if (!head.Headers.ContainsKey("Content-Length"))
        {
            throw new S3Exception(System.Net.HttpStatusCode.OK, ResponseCheck.Code, $"S3 HEAD {bucket}/{key}: the answer has no Content-Length, so the download could not be checked; nothing was written.", null, null, $"{bucket}/{key}", null);
        }

        long length = head.ContentLength;
        string temp = path + ".s3download";
        var done = new StrongBox<long>();
        try
        {
            using (var handle = File.OpenHandle(temp, FileMode.Create, FileAccess.Write, FileShare.None, FileOptions.Asynchronous, length))
            {
                bool whole = length <= options.MultipartThreshold;
                long rangeSize = whole ? Math.Max(length, 1) : options.PartSize;
                int count = (int)Math.Max(1, (length + rangeSize - 1) / rangeSize);
                int next = 0;
                var written = await PartRunner.RunAsync<int, long>(
                    _ => new(next < count ? (true, next++) : (false, 0)),
                    (i, _, ct) =>
                    {
                        long from = i * rangeSize;
                        return FetchAsync(bucket, key, head, whole ? null : from, Math.Min(length, from + rangeSize) - 1, handle, options.Progress, done, ct);
                    },
                    release: null,
                    options.MaxConcurrency,
                    cancellationToken).ConfigureAwait(false);
                if (written.Sum() != length)
                {
                    throw new IOException($"Download of {bucket}/{key}: {written.Sum()} bytes arrived for an object of {length}; nothing was kept.");
                }
            }

            File.Move(temp, path, overwrite: true);
            return head;
        }
        catch (S3Exception e) when (e.StatusCode == System.Net.HttpStatusCode.PreconditionFailed)
        {
            TryDelete(temp);
            throw new S3Exception(e.StatusCode, e.Code, $"S3 GET {bucket}/{key}: the object changed during the download (it no longer has ETag {head.ETag}); nothing was written: download it again. ({e.Message})", e.ServerMessage, e.RequestId, e.Resource, null);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    /// <summary>
    /// The multipart half of the uploads: creates the upload, sends the parts <paramref name="next"/>
    /// gives through <see cref="PartRunner"/>, completes it; on any failure or cancellation aborts it.
    /// </summary>
    /// <typeparam name="TPart">What a part is (a file window, a pooled buffer).</typeparam>
    /// <param name="bucket">The bucket.</param>
    /// <param name="key">The key.</param>
    /// <param name="options">Object options, concurrency, progress.</param>
    /// <param name="next">The next part, in order; <c>Has = false</c> at the end.</param>
    /// <param name="bodyOf">The request body of a part.</param>
    /// <param name="release">Releases a part once sent or abandoned (pooled buffers).</param>
    /// <param name="abandon">Releases what <paramref name="next"/> holds but never handed out (called when the upload ends early).</param>
    /// <param name="cancellationToken">Cancels the upload (which is then aborted).</param>
    private async Task<PutObjectResult> UploadPartsAsync<TPart>(
        string bucket,
        string key,
        TransferOptions options,
        Func<CancellationToken, ValueTask<(bool Has, TPart Part)>> next,
        Func<TPart, RequestBody> bodyOf,
        Action<TPart>? release,
        Action? abandon,
        CancellationToken cancellationToken)
    {
        string uploadId;
        try
        {
            uploadId = await CreateMultipartUploadAsync(bucket, key, options.ObjectOptions, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            abandon?.Invoke();
            throw;
        }

        long done = 0;
        try
        {
            var parts = await PartRunner.RunAsync(
                next,
                async (part, index, ct) =>
                {
                    var body = bodyOf(part);
                    var uploaded = await UploadPartAsync(bucket, key, uploadId, index + 1, body, ct).ConfigureAwait(false);
                    options.Progress?.Report(Interlocked.Add(ref done, body.Length));
                    return uploaded;
                },
                release,
                options.MaxConcurrency,
                cancellationToken).ConfigureAwait(false);
            return await CompleteMultipartUploadAsync(bucket, key, uploadId, parts, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            abandon?.Invoke();
            await AbortAfterFailureAsync(bucket, key, uploadId, e).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// One GET of a download (the whole object, or bytes <paramref name="from"/>..<paramref name="to"/>)
    /// into the file at its offset. The answer is checked first (<see cref="ResponseCheck.Download"/>);
    /// the body is read inside the send loop's attempt, so a cut or stalled body is fetched again there.
    /// </summary>
    /// <returns>The bytes written.</returns>
    private Task<long> FetchAsync(string bucket, string key, S3ObjectMetadata head, long? from, long to, SafeFileHandle handle, IProgress<long>? progress, StrongBox<long> done, CancellationToken cancellationToken)
    {
        var request = new S3Request(HttpMethod.Get, CheckBucket(bucket), CheckKey(key)) { ObjectData = true };
        if (from is long start)
        {
            request.AddHeader("Range", FormattableString.Invariant($"bytes={start}-{to}"));
        }

        request.AddHeaderIfSet("If-Match", head.ETag);
        request.Detail = from is null ? null : FormattableString.Invariant($" (bytes {from}-{to})");
        long offset = from ?? 0;
        return SendAsync(request, async (response, scope) =>
        {
            using (response)
            {
                long expected = ResponseCheck.Download(response, request, from, to, head.ContentLength, head.ETag);
                var stream = await response.Content.ReadAsStreamAsync(scope.Token).ConfigureAwait(false);
                using var body = new WatchedReadStream(stream, scope, expected, request, ownsScope: false);
                byte[] buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(81920);
                long written = 0;
                try
                {
                    int n;
                    while ((n = await body.ReadAsync(buffer).ConfigureAwait(false)) > 0)
                    {
                        try
                        {
                            await RandomAccess.WriteAsync(handle, buffer.AsMemory(0, n), offset + written, scope.Token).ConfigureAwait(false);
                        }
                        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                        {
                            throw new NotRetriedException(e); // the local file, not the server: no retry cures it
                        }

                        written += n;
                        progress?.Report(Interlocked.Add(ref done.Value, n));
                    }

                    return written;
                }
                catch
                {
                    // This attempt's bytes are fetched again (or the download fails): take them off the progress.
                    Interlocked.Add(ref done.Value, -written);
                    throw;
                }
                finally
                {
                    System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
                }
            }
        }, cancellationToken);
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

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Nothing was created (a missing directory), or it cannot be removed: the failure being reported matters more.
        }
    }

    private static void CheckTransfer(TransferOptions options)
    {
        (object? Value, string? Wrong) check = options.PartSize < MinPartSize ? (options.PartSize, $"PartSize {options.PartSize} is out of range: S3 parts but the last must be at least 5 MiB ({MinPartSize} bytes).")
            : options.MaxConcurrency < 1 ? (options.MaxConcurrency, $"MaxConcurrency {options.MaxConcurrency} is out of range: pass 1 or more.")
            : options.MultipartThreshold < 0 ? (options.MultipartThreshold, $"MultipartThreshold {options.MultipartThreshold} is out of range: pass 0 (always multipart) or more.")
            : (null, null);
        if (check.Wrong is not null)
        {
            throw new ArgumentOutOfRangeException(nameof(options), check.Value, check.Wrong);
        }
    }
}
