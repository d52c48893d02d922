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

        int capacity = query.Count('&') + 1 + PresignParameters.SignedCount;
        Span<QueryParameter> stack = stackalloc QueryParameter[StackQueryParameters];
        QueryParameter[]? rented = capacity <= stack.Length ? null : ArrayPool<QueryParameter>.Shared.Rent(capacity);
        var list = rented ?? stack;
        var encoded = new Utf8Builder(stackalloc byte[Utf8Builder.PieceStackBytes]);
        try
        {
            int count = 0;
            foreach (var pair in new QueryPairs(query))
            {
                if (parts.Presign && IsPresignParameterKey(pair.Key))
                {
                    continue; // the presigner's own parameter: replaced below
                }

                int keyStart = encoded.Length;
                UriEncoding.DecodeAndEncode(ref encoded, pair.Key, keepSlash: false, plusIsSpace: true);
                int valueStart = encoded.Length;
                UriEncoding.DecodeAndEncode(ref encoded, pair.Value, keepSlash: false, plusIsSpace: true);
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

    /// <summary>Whether a raw query key is, once canonicalized, one of the presigner's own X-Amz-* parameters.</summary>
    internal static bool IsPresignParameterKey(ReadOnlySpan<char> rawKey)
    {
        const int Longest = 32;
        if (rawKey.Length > Longest * 3 || rawKey.IsEmpty || (rawKey[0] is not ('X' or '%')))
        {
            return false; // every one starts with 'X' (or its escape)
        }

        var w = new Utf8Builder(stackalloc byte[Longest * 9]);
        UriEncoding.DecodeAndEncode(ref w, rawKey, keepSlash: false, plusIsSpace: true);
        var bytes = w.Written;
        if (bytes.Length > Longest)
        {
            return false;
        }

        Span<char> chars = stackalloc char[Longest];
        for (int i = 0; i < bytes.Length; i++)
        {
            chars[i] = (char)bytes[i];
        }

        return SigV4Constants.IsPresignParameter(chars[..bytes.Length]);
    }

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
