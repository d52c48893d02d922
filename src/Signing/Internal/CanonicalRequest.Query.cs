using System.Buffers;

namespace Signing.Internal;

internal static partial class CanonicalRequest
{
    private const int PresignParameterCount = 6;

    private static long MaxQueryLength(scoped in HttpRequestView request, scoped in SigV4Parts parts)
    {
        long n = UriEncoding.MaxEncodedLength(request.Query.Length) + request.Query.Length + 2;
        if (parts.Presign)
        {
            n += 200 + UriEncoding.MaxEncodedLength(parts.AccessKeyId.Length + parts.Scope.Length + parts.SignedSessionToken.Length)
                + (3L * MaxSignedHeadersLength(request));
        }

        return n;
    }

    /// <summary>
    /// Canonical query: each parameter decoded from the wire form and encoded per RFC 3986
    /// (<c>+</c> read as a space), a bare key given an empty value (<c>acl=</c>), sorted by
    /// encoded key then encoded value. For a presigned URL the X-Amz-* parameters join the list.
    /// </summary>
    private static void WriteQuery(ref SpanWriter w, scoped in HttpRequestView request, scoped in SigV4Parts parts, scoped ReadOnlySpan<byte> signedHeaders)
    {
        var query = request.Query;
        if (query.IsEmpty && !parts.Presign)
        {
            return;
        }

        int maxParams = query.Count('&') + 1 + PresignParameterCount;
        int scratchLength = (int)MaxQueryLength(request, parts); // MaxLength has checked that the whole bound fits
        int[]? rentedRanges = null;
        byte[]? rentedScratch = null;
        Span<int> ranges = maxParams * 4 <= 128 ? stackalloc int[128] : (rentedRanges = ArrayPool<int>.Shared.Rent(maxParams * 4));
        Span<byte> scratch = scratchLength <= StackLimit ? stackalloc byte[StackLimit] : (rentedScratch = ArrayPool<byte>.Shared.Rent(scratchLength));
        try
        {
            var s = new SpanWriter(scratch);
            int count = 0;
            foreach (var pair in new QueryPairs(query))
            {
                var key = pair.Key;
                var value = pair.Value;
                if (parts.Presign && IsPresignParameterKey(key))
                {
                    continue; // the presigner's own parameter: replaced below
                }

                int keyStart = s.Length;
                UriEncoding.DecodeAndEncode(ref s, key, keepSlash: false, plusIsSpace: true);

                int valueStart = s.Length;
                UriEncoding.DecodeAndEncode(ref s, value, keepSlash: false, plusIsSpace: true);
                Record(ranges, count++, keyStart, valueStart, s.Length);
            }

            if (parts.Presign)
            {
                count = AddPresignParameters(ref s, ranges, count, parts, signedHeaders);
            }

            SortParameters(scratch, ranges[..(count * 4)]);
            for (int i = 0; i < count; i++)
            {
                if (i > 0)
                {
                    w.Write((byte)'&');
                }

                w.Write(scratch.Slice(ranges[4 * i], ranges[(4 * i) + 1]));
                w.Write((byte)'=');
                w.Write(scratch.Slice(ranges[(4 * i) + 2], ranges[(4 * i) + 3]));
            }

            if (s.Overflowed)
            {
                w.Write(scratch); // cannot happen with MaxQueryLength; make the caller see an overflow
            }
        }
        finally
        {
            if (rentedRanges is not null)
            {
                ArrayPool<int>.Shared.Return(rentedRanges);
            }

            if (rentedScratch is not null)
            {
                ArrayPool<byte>.Shared.Return(rentedScratch);
            }
        }
    }

    private static int AddPresignParameters(ref SpanWriter s, scoped Span<int> ranges, int count, scoped in SigV4Parts parts, scoped ReadOnlySpan<byte> signedHeaders)
    {
        count = AddAscii(ref s, ranges, count, SigV4Constants.QueryAlgorithm, SigV4Constants.Algorithm);

        int keyStart = s.Length;
        s.WriteAscii(SigV4Constants.QueryCredential);
        int valueStart = s.Length;
        UriEncoding.EncodeAsIs(ref s, parts.AccessKeyId, keepSlash: false);
        s.WritePercentEncoded((byte)'/');
        UriEncoding.EncodeAsIs(ref s, parts.Scope, keepSlash: false);
        Record(ranges, count++, keyStart, valueStart, s.Length);

        count = AddAscii(ref s, ranges, count, SigV4Constants.QueryDate, parts.AmzDate);

        Span<char> digits = stackalloc char[20];
        parts.ExpiresSeconds.TryFormat(digits, out int n, default, System.Globalization.CultureInfo.InvariantCulture);
        count = AddAscii(ref s, ranges, count, SigV4Constants.QueryExpires, digits[..n]);

        if (!parts.SignedSessionToken.IsEmpty)
        {
            keyStart = s.Length;
            s.WriteAscii(SigV4Constants.QuerySecurityToken);
            valueStart = s.Length;
            UriEncoding.EncodeAsIs(ref s, parts.SignedSessionToken, keepSlash: false);
            Record(ranges, count++, keyStart, valueStart, s.Length);
        }

        keyStart = s.Length;
        s.WriteAscii(SigV4Constants.QuerySignedHeaders);
        valueStart = s.Length;
        foreach (byte b in signedHeaders)
        {
            if (UriEncoding.IsUnreserved(b))
            {
                s.Write(b);
            }
            else
            {
                s.WritePercentEncoded(b);
            }
        }

        Record(ranges, count++, keyStart, valueStart, s.Length);
        return count;
    }

    private static int AddAscii(ref SpanWriter s, scoped Span<int> ranges, int count, scoped ReadOnlySpan<char> key, scoped ReadOnlySpan<char> value)
    {
        int keyStart = s.Length;
        s.WriteAscii(key);
        int valueStart = s.Length;
        UriEncoding.EncodeAsIs(ref s, value, keepSlash: false);
        Record(ranges, count, keyStart, valueStart, s.Length);
        return count + 1;
    }

    private static void Record(scoped Span<int> ranges, int index, int keyStart, int valueStart, int end)
    {
        ranges[4 * index] = keyStart;
        ranges[(4 * index) + 1] = valueStart - keyStart;
        ranges[(4 * index) + 2] = valueStart;
        ranges[(4 * index) + 3] = end - valueStart;
    }

    /// <summary>Stable insertion sort of (key, value) ranges by encoded key bytes, then value bytes.</summary>
    private static void SortParameters(ReadOnlySpan<byte> scratch, Span<int> ranges)
    {
        int count = ranges.Length / 4;
        Span<int> item = stackalloc int[4];
        for (int i = 1; i < count; i++)
        {
            ranges.Slice(4 * i, 4).CopyTo(item);
            int j = i - 1;
            while (j >= 0 && Compare(scratch, ranges.Slice(4 * j, 4), item) > 0)
            {
                ranges.Slice(4 * j, 4).CopyTo(ranges.Slice(4 * (j + 1), 4));
                j--;
            }

            item.CopyTo(ranges.Slice(4 * (j + 1), 4));
        }
    }

    private static int Compare(ReadOnlySpan<byte> scratch, ReadOnlySpan<int> a, ReadOnlySpan<int> b)
    {
        int c = scratch.Slice(a[0], a[1]).SequenceCompareTo(scratch.Slice(b[0], b[1]));
        return c != 0 ? c : scratch.Slice(a[2], a[3]).SequenceCompareTo(scratch.Slice(b[2], b[3]));
    }

    /// <summary>Whether a raw query key is, once canonicalized, one of the presigner's own X-Amz-* parameters.</summary>
    internal static bool IsPresignParameterKey(ReadOnlySpan<char> rawKey)
    {
        const int Longest = 32;
        if (rawKey.Length > Longest * 3)
        {
            return false;
        }

        Span<byte> bytes = stackalloc byte[Longest * 9];
        var w = new SpanWriter(bytes);
        UriEncoding.DecodeAndEncode(ref w, rawKey, keepSlash: false, plusIsSpace: true);
        if (w.Overflowed || w.Length > Longest)
        {
            return false;
        }

        Span<char> chars = stackalloc char[Longest];
        for (int i = 0; i < w.Length; i++)
        {
            chars[i] = (char)bytes[i];
        }

        return SigV4Constants.IsPresignParameter(chars[..w.Length]);
    }
}
