using System.Buffers;
using System.Runtime.ExceptionServices;

namespace Signing.S3;

public sealed partial class S3Client
{
    /// <summary>
    /// Uploads a stream of unknown length, read once from its current position to the end, so a
    /// pipe or standard input works: one PutObject when it ends within
    /// <see cref="TransferOptions.MultipartThreshold"/>, else a multipart upload of
    /// <see cref="TransferOptions.PartSize"/> parts read in order and sent up to
    /// <see cref="TransferOptions.MaxConcurrency"/> at a time. Memory held: the threshold plus a
    /// part before the upload starts, then one part per slot. On failure the multipart upload is
    /// aborted, so no parts are left behind. The stream is not disposed.
    /// </summary>
    /// <param name="bucket">The bucket.</param>
    /// <param name="key">The key.</param>
    /// <param name="content">The content; need not be seekable.</param>
    /// <param name="options">Threshold, part size (at most 10000 parts), parallelism, progress, object options.</param>
    /// <param name="cancellationToken">Cancels the transfer (and aborts the upload).</param>
    /// <returns>The object's ETag and version.</returns>
    public async Task<PutObjectResult> UploadStreamAsync(string bucket, string key, Stream content, TransferOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        options ??= new TransferOptions();
        CheckTransfer(options);
        if (options.PartSize > Array.MaxLength)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.PartSize, $"PartSize {options.PartSize} is out of range for a stream upload: parts are held in memory; pass at most {Array.MaxLength} bytes.");
        }

        int partSize = (int)options.PartSize;

        // Read parts until the stream ends or holds more than the threshold.
        var first = new List<(byte[] Buffer, int Length)>();
        long total = 0;
        try
        {
            while (total <= options.MultipartThreshold)
            {
                var part = await ReadPartAsync(content, partSize, cancellationToken).ConfigureAwait(false);
                if (part.Length == 0)
                {
                    byte[] all = new byte[total];
                    int at = 0;
                    foreach (var (buffer, length) in first)
                    {
                        buffer.AsSpan(0, length).CopyTo(all.AsSpan(at));
                        at += length;
                    }

                    var result = await PutObjectAsync(bucket, key, all, options.ObjectOptions, cancellationToken).ConfigureAwait(false);
                    options.Progress?.Report(total);
                    return result;
                }

                first.Add(part);
                total += part.Length;
            }
        }
        catch
        {
            first.ForEach(p => ArrayPool<byte>.Shared.Return(p.Buffer));
            throw;
        }

        return await UploadPartsAsync(bucket, key, content, partSize, first, options, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The multipart half of <see cref="UploadStreamAsync"/>: sends the parts read so far, then reads and sends the rest.</summary>
    private async Task<PutObjectResult> UploadPartsAsync(string bucket, string key, Stream content, int partSize, List<(byte[] Buffer, int Length)> first, TransferOptions options, CancellationToken cancellationToken)
    {
        string uploadId;
        try
        {
            uploadId = await CreateMultipartUploadAsync(bucket, key, options.ObjectOptions, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            first.ForEach(p => ArrayPool<byte>.Shared.Return(p.Buffer));
            throw;
        }

        var running = new List<Task<S3Part>>();
        using var slots = new SemaphoreSlim(options.MaxConcurrency);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        long done = 0;
        async Task<S3Part> SendPartAsync(byte[] buffer, int length, int number)
        {
            try
            {
                var part = await UploadPartAsync(bucket, key, uploadId, number, buffer.AsMemory(0, length), stop.Token).ConfigureAwait(false);
                options.Progress?.Report(Interlocked.Add(ref done, length));
                return part;
            }
            catch
            {
                // Stop reading and sending: the upload is aborted below.
                await stop.CancelAsync().ConfigureAwait(false);
                throw;
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
                slots.Release();
            }
        }

        int index = 0;
        try
        {
            for (; index < first.Count; index++)
            {
                await slots.WaitAsync(stop.Token).ConfigureAwait(false);
                running.Add(SendPartAsync(first[index].Buffer, first[index].Length, index + 1));
            }

            while (true)
            {
                await slots.WaitAsync(stop.Token).ConfigureAwait(false);
                var (buffer, length) = await ReadPartAsync(content, partSize, stop.Token).ConfigureAwait(false);
                if (length == 0)
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                    slots.Release();
                    break;
                }

                if (running.Count == 10000)
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                    throw new IOException($"Upload of {bucket}/{key}: the stream is longer than 10000 parts of {partSize} bytes, the most S3 takes; pass a larger PartSize.");
                }

                running.Add(SendPartAsync(buffer, length, running.Count + 1));
            }

            var parts = await Task.WhenAll(running).ConfigureAwait(false);
            return await CompleteMultipartUploadAsync(bucket, key, uploadId, parts, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            for (; index < first.Count; index++)
            {
                ArrayPool<byte>.Shared.Return(first[index].Buffer);
            }

            await stop.CancelAsync().ConfigureAwait(false);
            await ((Task)Task.WhenAll(running)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            var cause = running.Where(t => t.IsFaulted).Select(t => t.Exception!.InnerException!).FirstOrDefault(x => x is not OperationCanceledException) ?? e;
            await AbortAfterFailureAsync(bucket, key, uploadId, cause).ConfigureAwait(false);
            ExceptionDispatchInfo.Throw(cause);
            throw;
        }
    }

    /// <summary>Reads up to <paramref name="partSize"/> bytes into a pooled buffer; a length of 0 means the stream has ended.</summary>
    private static async Task<(byte[] Buffer, int Length)> ReadPartAsync(Stream content, int partSize, CancellationToken cancellationToken)
    {
        byte[] buffer = ArrayPool<byte>.Shared.Rent(partSize);
        try
        {
            int length = await content.ReadAtLeastAsync(buffer.AsMemory(0, partSize), partSize, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
            return (buffer, length);
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
    }
}
