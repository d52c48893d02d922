using System.Buffers;
using System.Runtime.InteropServices;

namespace Signing.Internal;

internal static partial class CanonicalRequest
{
    /// <summary>Query parameters up to this many (the request's and a presigned URL's own) are sorted on the stack.</summary>
    private const int StackQueryParameters = 16;

    /// <summary>
    /// Canonical query: each parameter decoded from the wire form and encoded per RFC 3986
    /// (<c>+</c> read as a space), a bare key given an empty value (<c>acl=</c>), sorted by
    /// encoded key then encoded value. For a presigned URL the X-Amz-* parameters join the list.
    /// </summary>
    private static void WriteQuery(ref Utf8Builder w, scoped ReadOnlySpan<char> query, scoped in SigV4Parts parts, scoped ReadOnlySpan<byte> signedHeaders)
    {
        if (query.IsEmpty && !parts.Presign)
        {
            return;
        }

        Span<QueryParameter> list = stackalloc QueryParameter[StackQueryParameters];
        QueryParameter[]? rented = null;
        var encoded = new Utf8Builder(stackalloc byte[Utf8Builder.PieceStackBytes]);
        try
        {
            // One pass over the wire query: each piece's key (to '=' or '&') and value (to '&') are
            // decoded and encoded as they are found; empty pieces are skipped.
            int count = 0;
            for (int i = 0; i < query.Length; i++)
            {
                if (query[i] == '&')
                {
                    continue;
                }

                int keyStart = encoded.Length;
                i += UriEncoding.DecodeAndEncodeQueryPiece(ref encoded, query[i..], key: true);
                int valueStart = encoded.Length;
                if (i < query.Length && query[i] == '=')
                {
                    i++;
                    i += UriEncoding.DecodeAndEncodeQueryPiece(ref encoded, query[i..], key: false);
                }

                if (parts.Presign && IsPresignParameterName(encoded.Slice(keyStart, valueStart - keyStart), regionSet: !parts.RegionSet.IsEmpty))
                {
                    encoded.Truncate(keyStart); // the presigner's own parameter: replaced below
                    continue;
                }

                if (count + PresignParameters.SignedCount >= list.Length)
                {
                    list = Grow(list, ref rented);
                }

                list[count++] = new QueryParameter(encoded.Written, keyStart, valueStart, encoded.Length);
            }

            if (parts.Presign)
            {
                int start = encoded.Length;
                PresignParameters.WriteSigned(ref encoded, parts, signedHeaders);
                count = Split(encoded.Written, start, list, count);
            }

            var bytes = encoded.Written;
            list = list[..count];
            Sort(list, bytes);
            for (int i = 0; i < list.Length; i++)
            {
                if (i > 0)
                {
                    w.Write((byte)'&');
                }

                w.Write(list[i].Key(bytes));
                w.Write((byte)'=');
                w.Write(list[i].Value(bytes));
            }
        }
        finally
        {
            encoded.Dispose();
            if (rented is not null)
            {
                ArrayPool<QueryParameter>.Shared.Return(rented);
            }
        }
    }

    /// <summary>Moves the list to a pooled array twice its size.</summary>
    private static QueryParameter[] Grow(scoped Span<QueryParameter> list, ref QueryParameter[]? rented)
    {
        var next = ArrayPool<QueryParameter>.Shared.Rent(2 * list.Length);
        list.CopyTo(next);
        if (rented is not null)
        {
            ArrayPool<QueryParameter>.Shared.Return(rented);
        }

        return rented = next;
    }

    /// <summary>Adds the <c>key=value</c> pieces of the <c>&amp;</c>-joined, already encoded parameters from <paramref name="start"/> on.</summary>
    private static int Split(ReadOnlySpan<byte> bytes, int start, Span<QueryParameter> list, int count)
    {
        while (start < bytes.Length)
        {
            int end = bytes[start..].IndexOf((byte)'&');
            end = end < 0 ? bytes.Length : start + end;
            int equals = start + bytes[start..end].IndexOf((byte)'=');
            list[count++] = new QueryParameter(bytes, start, equals + 1, end, keyEnd: equals);
            start = end + 1;
        }

        return count;
    }

    /// <summary>Stable insertion sort by encoded key bytes, then value bytes.</summary>
    private static void Sort(Span<QueryParameter> list, ReadOnlySpan<byte> bytes)
    {
        for (int i = 1; i < list.Length; i++)
        {
            var item = list[i];
            int j = i - 1;
            while (j >= 0 && Compare(list[j], item, bytes) > 0)
            {
                list[j + 1] = list[j];
                j--;
            }

            list[j + 1] = item;
        }
    }

    private static int Compare(QueryParameter a, QueryParameter b, ReadOnlySpan<byte> bytes)
    {
        if (a.Prefix != b.Prefix)
        {
            return a.Prefix.CompareTo(b.Prefix);
        }

        int c = a.Key(bytes).SequenceCompareTo(b.Key(bytes));
        return c != 0 ? c : a.Value(bytes).SequenceCompareTo(b.Value(bytes));
    }

    /// <summary>Whether a raw query key is, once canonicalized, one of the presigner's own X-Amz-* parameters (with <paramref name="regionSet"/>, SigV4a's too).</summary>
    internal static bool IsPresignParameterKey(ReadOnlySpan<char> rawKey, bool regionSet = false)
    {
        const int Longest = 32;
        if (rawKey.Length > Longest * 3 || rawKey.IsEmpty || (rawKey[0] is not ('X' or '%')))
        {
            return false; // every one starts with 'X' (or its escape)
        }

        var w = new Utf8Builder(stackalloc byte[Longest * 9]);
        UriEncoding.DecodeAndEncode(ref w, rawKey, keepSlash: false, plusIsSpace: true);
        return IsPresignParameterName(w.Written, regionSet);
    }

    /// <summary>Whether an encoded query key is one of the presigner's own parameters, which it replaces (<c>X-Amz-Region-Set</c> only for SigV4a).</summary>
    private static bool IsPresignParameterName(ReadOnlySpan<byte> key, bool regionSet) =>
        key.StartsWith("X-Amz-"u8)
        && (key.SequenceEqual("X-Amz-Algorithm"u8) || key.SequenceEqual("X-Amz-Credential"u8) || key.SequenceEqual("X-Amz-Date"u8)
            || key.SequenceEqual("X-Amz-Expires"u8) || key.SequenceEqual("X-Amz-Security-Token"u8) || key.SequenceEqual("X-Amz-SignedHeaders"u8)
            || key.SequenceEqual("X-Amz-Signature"u8) || (regionSet && key.SequenceEqual("X-Amz-Region-Set"u8)));

    /// <summary>One encoded parameter: where its key and value are, and the key's first 8 bytes as a number (the sort key).</summary>
    [StructLayout(LayoutKind.Auto)]
    private readonly struct QueryParameter
    {
        public QueryParameter(ReadOnlySpan<byte> bytes, int keyStart, int valueStart, int end, int keyEnd = -1)
        {
            KeyStart = keyStart;
            KeyLength = (keyEnd < 0 ? valueStart : keyEnd) - keyStart;
            ValueStart = valueStart;
            ValueLength = end - valueStart;
            Prefix = PrefixOf(bytes.Slice(KeyStart, KeyLength));
        }

        public ulong Prefix { get; }

        public int KeyStart { get; }

        public int KeyLength { get; }

        public int ValueStart { get; }

        public int ValueLength { get; }

        public ReadOnlySpan<byte> Key(ReadOnlySpan<byte> bytes) => bytes.Slice(KeyStart, KeyLength);

        public ReadOnlySpan<byte> Value(ReadOnlySpan<byte> bytes) => bytes.Slice(ValueStart, ValueLength);
    }
}
