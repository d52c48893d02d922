using System.Buffers;

namespace Signing.S3.Internal;

/// <summary>
/// Reads a ListObjects (v1 or v2) page: the body is read asynchronously into a pooled buffer (a
/// page is at most 1000 entries, a few hundred KB), then parsed in one pass by
/// <see cref="ListingScanner"/>. No string of the whole body, no DOM, and no <see cref="Task"/> per
/// element (which an async XmlReader allocates for every value it reads).
/// </summary>
internal static class ListingReader
{
    /// <summary>The buffer rented when the length is not known; it doubles as needed.</summary>
    private const int DefaultBufferLength = 64 * 1024;

    /// <summary>A page is read whole into memory up to this many bytes: 1000 entries with 1024-byte keys, encoded, stay far below it.</summary>
    public const int MaxPageLength = 64 * 1024 * 1024;

    /// <param name="body">The response body.</param>
    /// <param name="length">The Content-Length, if known (sizes the buffer).</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The page, or (page null) what is wrong with the body.</returns>
    public static async Task<(ListingPage? Page, string? Error)> ReadAsync(Stream body, long? length, CancellationToken cancellationToken)
    {
        // One byte more than announced, so that the read that finds the end needs no bigger buffer.
        byte[] buffer = ArrayPool<byte>.Shared.Rent(length is > 0 and < int.MaxValue / 2 ? (int)length + 1 : DefaultBufferLength);
        int filled = 0;
        try
        {
            while (true)
            {
                if (filled == buffer.Length)
                {
                    if (buffer.Length >= MaxPageLength)
                    {
                        throw new InvalidDataException($"A listing page is longer than {MaxPageLength} bytes; no S3 page of 1000 entries comes near that: the server's answer is not a listing.");
                    }

                    byte[] bigger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                    buffer.AsSpan(0, filled).CopyTo(bigger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = bigger;
                }

                int read = await body.ReadAsync(buffer.AsMemory(filled), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                filled += read;
            }

            cancellationToken.ThrowIfCancellationRequested();
            return ListingScanner.TryRead(buffer.AsSpan(0, filled), out var page, out string? error) ? (page, null) : (null, error);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}

/// <summary>A listing page as read, keys still in the response's encoding.</summary>
internal sealed class ListingPage
{
    private static readonly string[] StorageClasses =
    [
        "STANDARD", "STANDARD_IA", "ONEZONE_IA", "INTELLIGENT_TIERING", "GLACIER", "GLACIER_IR", "DEEP_ARCHIVE",
        "REDUCED_REDUNDANCY", "EXPRESS_ONEZONE", "OUTPOSTS", "SNOW",
    ];

    public List<S3Object> Objects { get; } = [];

    public List<string> Prefixes { get; } = [];

    public bool IsTruncated { get; set; }

    public string? NextContinuationToken { get; set; }

    public string? NextMarker { get; set; }

    public bool UrlEncoded { get; set; }

    /// <summary>The value decoded when the page is URL-encoded; the same string when there is nothing to decode.</summary>
    public string Decode(string value) =>
        UrlEncoded && value.AsSpan().IndexOfAny('%', '+') >= 0 ? AwsUriEncoding.Decode(value, plusIsSpace: true) : value;

    /// <summary>The storage classes S3 defines, so that a page does not hold a thousand copies of "STANDARD"; null when empty.</summary>
    internal static string? KnownStorageClass(ReadOnlySpan<char> text)
    {
        foreach (string known in StorageClasses)
        {
            if (text.SequenceEqual(known))
            {
                return known;
            }
        }

        return text.IsEmpty ? null : text.ToString();
    }
}
