using System.Buffers;
using Signing.S3.Internal;

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
    /// <exception cref="ArgumentException">A bad bucket, key or option (checked before the stream is read).</exception>
    /// <exception cref="S3Exception">The server refused a request.</exception>
    /// <exception cref="IOException">The stream could not be read, it is longer than 10000 parts, or the connection failed on every attempt.</exception>
    public async Task<PutObjectResult> UploadStreamAsync(string bucket, string key, Stream content, TransferOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        options ??= new TransferOptions();
        CheckTransfer(options);
        CheckObjectOptions(options.ObjectOptions);
        CheckKey(key);
        CheckBucket(bucket);
        if (options.PartSize > Array.MaxLength)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.PartSize, $"PartSize {options.PartSize} is out of range for a stream upload: parts are held in memory; pass at most {Array.MaxLength} bytes.");
        }

        int partSize = (int)options.PartSize;

        // Read parts until the stream ends or holds more than the threshold. Parts not yet handed to
        // the upload are returned to the pool by ReleaseFirst, whatever happens.
        var first = new List<(byte[] Buffer, int Length)>();
        int handedOut = 0;
        void ReleaseFirst()
        {
            for (; handedOut < first.Count; handedOut++)
            {
                PartPool.Return(first[handedOut].Buffer);
            }
        }

        long total = 0;
        try
        {
            while (total <= options.MultipartThreshold)
            {
                var (buffer, length) = await ReadPartAsync(content, partSize, cancellationToken).ConfigureAwait(false);
                if (length == 0)
                {
                    PartPool.Return(buffer);
                    break;
                }

                first.Add((buffer, length));
                total += length;
            }
        }
        catch
        {
            ReleaseFirst();
            throw;
        }

        if (total <= options.MultipartThreshold)
        {
            // The whole stream is in memory: one PutObject.
            byte[] all = new byte[total];
            int at = 0;
            foreach (var (buffer, length) in first)
            {
                buffer.AsSpan(0, length).CopyTo(all.AsSpan(at));
                at += length;
            }

            ReleaseFirst();
            var result = await PutObjectAsync(bucket, key, all, options.ObjectOptions, cancellationToken).ConfigureAwait(false);
            options.Progress?.Report(total);
            return result;
        }

        int taken = 0;
        return await UploadPartsAsync(
            bucket,
            key,
            options,
            async ct =>
            {
                if (handedOut < first.Count)
                {
                    taken++;
                    return (true, first[handedOut++]);
                }

                var part = await ReadPartAsync(content, partSize, ct).ConfigureAwait(false);
                if (part.Length == 0)
                {
                    PartPool.Return(part.Buffer);
                    return (false, default);
                }

                if (taken == MaxParts)
                {
                    PartPool.Return(part.Buffer);
                    throw new IOException($"Upload of {bucket}/{key}: the stream is longer than {MaxParts} parts of {partSize} bytes, the most S3 takes; pass a larger PartSize.");
                }

                taken++;
                return (true, part);
            },
            static part => RequestBody.FromBytes(part.Buffer.AsMemory(0, part.Length)),
            part => PartPool.Return(part.Buffer),
            ReleaseFirst,
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reads up to <paramref name="partSize"/> bytes into a pooled buffer; a length of 0 means the stream has ended.</summary>
    private async Task<(byte[] Buffer, int Length)> ReadPartAsync(Stream content, int partSize, CancellationToken cancellationToken)
    {
        byte[] buffer = PartPool.Rent(partSize);
        try
        {
            int length = await content.ReadAtLeastAsync(buffer.AsMemory(0, partSize), partSize, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
            return (buffer, length);
        }
        catch
        {
            PartPool.Return(buffer);
            throw;
        }
    }
}
