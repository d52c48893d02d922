using System.Buffers;
using System.Text;
using System.Text.Unicode;

namespace Signing.Internal;

/// <summary>
/// The S3 SigV2 string to sign (S3 developer guide, "Signing and authenticating REST requests"),
/// written as the UTF-8 bytes that are signed:
/// <code>
/// StringToSign = Method \n Content-MD5 \n Content-Type \n Date \n CanonicalizedAmzHeaders CanonicalizedResource
/// </code>
/// </summary>
internal static class SigV2StringToSign
{
    /// <summary>Headers and sub-resources up to this many are sorted on the stack.</summary>
    private const int StackItems = 32;

    /// <summary>
    /// Query parameters that name a sub-resource or a response override and so are part of the
    /// canonicalized resource (the S3 guide's list, plus the later sub-resources that S3, Ceph RGW
    /// and botocore sign). Kept sorted (ordinal) for the binary search.
    /// </summary>
    public static readonly string[] SubResources =
    [
        "accelerate", "acl", "analytics", "cors", "delete", "encryption", "inventory", "legal-hold", "lifecycle",
        "location", "logging", "metrics", "notification", "object-lock", "partNumber", "policy", "publicAccessBlock",
        "replication", "requestPayment", "response-cache-control", "response-content-disposition",
        "response-content-encoding", "response-content-language", "response-content-type", "response-expires",
        "restore", "retention", "select", "select-type", "tagging", "torrent", "uploadId", "uploads", "versionId",
        "versioning", "versions", "website",
    ];

    /// <summary>The longest sub-resource name.</summary>
    private static readonly int LongestSubResource = SubResources.Max(s => s.Length);

    /// <summary>The string to sign as a string (for explanations).</summary>
    public static string Build(scoped in HttpRequestView request, string? bucket, ReadOnlySpan<char> dateLine, ReadOnlySpan<HttpHeader> extraAmzHeaders)
    {
        var w = new Utf8Builder(stackalloc byte[Utf8Builder.RequestStackBytes]);
        try
        {
            Write(request, bucket, dateLine, extraAmzHeaders, ref w);
            return Encoding.UTF8.GetString(w.Written);
        }
        finally
        {
            w.Dispose();
        }
    }

    /// <summary>Validates the headers and writes the string to sign (UTF-8) into <paramref name="w"/>.</summary>
    /// <param name="request">The request (path and query as sent).</param>
    /// <param name="bucket">The bucket named by the Host (virtual-host or CNAME addressing), else null.</param>
    /// <param name="dateLine">The Date line: the Date header, empty with x-amz-date, or Expires for query signing.</param>
    /// <param name="extraAmzHeaders">x-amz-* headers the signer adds (the session token).</param>
    /// <param name="w">Receives the UTF-8 bytes.</param>
    /// <param name="names">What a bad header is reported against; default the view (<c>request</c>).</param>
    public static void Write(scoped in HttpRequestView request, string? bucket, ReadOnlySpan<char> dateLine, ReadOnlySpan<HttpHeader> extraAmzHeaders, ref Utf8Builder w, ArgumentNames? names = null)
    {
        string argument = (names ?? ArgumentNames.View).Headers;
        foreach (var h in request.Headers)
        {
            Validate.HeaderName(h.Name, argument);
            Validate.HeaderValue(h.Name, h.Value, argument);
        }

        w.WriteUtf8(request.Method);
        w.Write((byte)'\n');
        w.WriteUtf8(Find(request, "content-md5"));
        w.Write((byte)'\n');
        w.WriteUtf8(Find(request, "content-type"));
        w.Write((byte)'\n');
        w.WriteUtf8(dateLine);
        w.Write((byte)'\n');
        WriteAmzHeaders(ref w, request, extraAmzHeaders);
        WriteResource(ref w, request, bucket);
    }

    /// <summary>The value of the first header called <paramref name="lowerName"/>, trimmed of spaces and tabs, or empty.</summary>
    public static ReadOnlySpan<char> Find(scoped in HttpRequestView request, string lowerName)
    {
        foreach (var h in request.Headers)
        {
            if (AsciiText.EqualsLower(h.Name, lowerName))
            {
                return h.Value.AsSpan().Trim(" \t");
            }
        }

        return default;
    }

    /// <summary>
    /// x-amz-* headers: lower-cased, sorted (stable: repeated names keep request order and are
    /// comma-joined), values unfolded and trimmed, as SigV4 writes its canonical headers; the signer's
    /// own headers (<paramref name="extra"/>) after the request's.
    /// </summary>
    private static void WriteAmzHeaders(ref Utf8Builder w, scoped in HttpRequestView request, ReadOnlySpan<HttpHeader> extra)
    {
        var headers = request.Headers;
        int capacity = headers.Length + extra.Length;
        var rented = capacity <= StackItems ? null : ArrayPool<CanonicalRequest.HeaderEntry>.Shared.Rent(capacity);
        Span<CanonicalRequest.HeaderEntry> entries = rented ?? stackalloc CanonicalRequest.HeaderEntry[StackItems];
        var names = new Utf8Builder(stackalloc byte[Utf8Builder.PieceStackBytes]);
        try
        {
            // Indexes: request headers first, then the extra ones (headers.Length + i).
            int n = 0;
            for (int i = 0; i < capacity; i++)
            {
                string name = i < headers.Length ? headers[i].Name : extra[i - headers.Length].Name;
                if (IsAmz(name))
                {
                    entries[n++] = CanonicalRequest.Lowered(ref names, name, i);
                }
            }

            entries = entries[..n];
            CanonicalRequest.SortHeaders(entries, names.Written);
            for (int i = 0; i < entries.Length; i++)
            {
                int index = entries[i].Index;
                CanonicalRequest.WriteHeaderStart(ref w, entries[i], i, names.Written);
                CanonicalRequest.WriteFoldedValue(ref w, index < headers.Length ? headers[index].Value : extra[index - headers.Length].Value); // ASCII: validated
            }

            if (n > 0)
            {
                w.Write((byte)'\n');
            }
        }
        finally
        {
            names.Dispose();
            if (rented is not null)
            {
                ArrayPool<CanonicalRequest.HeaderEntry>.Shared.Return(rented);
            }
        }
    }

    private static bool IsAmz(string name) => name.StartsWith("x-amz-", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// CanonicalizedResource: <c>/bucket</c> for virtual-host or CNAME addressing, then the path
    /// exactly as sent, then <c>?</c> and the sub-resources sorted by name (<c>name</c> or
    /// <c>name=value</c>, values decoded).
    /// </summary>
    private static void WriteResource(ref Utf8Builder w, scoped in HttpRequestView request, string? bucket)
    {
        if (bucket is not null)
        {
            w.Write((byte)'/');
            w.WriteUtf8(bucket);
        }

        w.WriteUtf8(request.Path.IsEmpty ? "/" : request.Path);
        int pairs = 0;
        foreach (var pair in new QueryPairs(request.Query))
        {
            pairs += IndexOfSubResource(pair.Key) >= 0 ? 1 : 0;
        }

        if (pairs == 0)
        {
            return;
        }

        // (sub-resource index, pair number), sorted by name, then pair number (request order); the values are decoded when written.
        (int Name, int Pair)[]? rented = null;
        Span<(int Name, int Pair)> subs = pairs <= StackItems ? stackalloc (int, int)[StackItems] : (rented = ArrayPool<(int, int)>.Shared.Rent(pairs));
        try
        {
            int n = 0;
            int number = 0;
            foreach (var pair in new QueryPairs(request.Query))
            {
                int name = IndexOfSubResource(pair.Key);
                if (name >= 0)
                {
                    subs[n++] = (name, number);
                }

                number++;
            }

            subs = subs[..n];
            subs.Sort();

            for (int i = 0; i < subs.Length; i++)
            {
                var pair = PairAt(request.Query, subs[i].Pair);
                w.Write((byte)(i == 0 ? '?' : '&'));
                w.WriteAscii(SubResources[subs[i].Name]);
                if (pair.HasValue)
                {
                    w.Write((byte)'=');
                    WriteDecoded(ref w, pair.Value);
                }
            }
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<(int, int)>.Shared.Return(rented);
            }
        }
    }

    /// <summary>The sub-resource <paramref name="encodedName"/> decodes to, as an index into <see cref="SubResources"/>, or -1.</summary>
    private static int IndexOfSubResource(ReadOnlySpan<char> encodedName)
    {
        if (encodedName.Length > 3 * LongestSubResource)
        {
            return -1;
        }

        Span<byte> bytes = stackalloc byte[UriEncoding.MaxDecodedLength(3 * LongestSubResource)];
        int n = UriEncoding.DecodeToUtf8(encodedName, plusIsSpace: true, bytes);
        if (n > LongestSubResource)
        {
            return -1;
        }

        Span<char> name = stackalloc char[LongestSubResource];
        for (int i = 0; i < n; i++)
        {
            if (bytes[i] >= 0x80)
            {
                return -1; // the names are ASCII
            }

            name[i] = (char)bytes[i];
        }

        name = name[..n];
        int lo = 0;
        int hi = SubResources.Length - 1;
        while (lo <= hi)
        {
            int mid = (lo + hi) >>> 1;
            int c = SubResources[mid].AsSpan().SequenceCompareTo(name);
            if (c == 0)
            {
                return mid;
            }

            if (c < 0)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }

        return -1;
    }

    private static QueryPair PairAt(ReadOnlySpan<char> query, int number)
    {
        foreach (var pair in new QueryPairs(query))
        {
            if (number-- == 0)
            {
                return pair;
            }
        }

        throw new InvalidOperationException("Internal error: a query pair went missing.");
    }

    /// <summary>
    /// A query value decoded, as UTF-8: the decoded bytes when they are valid UTF-8, else what reading
    /// them as a string (invalid sequences as U+FFFD) and writing it again gives.
    /// </summary>
    private static void WriteDecoded(ref Utf8Builder w, ReadOnlySpan<char> encoded)
    {
        var bytes = new Utf8Builder(stackalloc byte[Utf8Builder.PieceStackBytes]);
        try
        {
            var decoded = bytes.Reserve(UriEncoding.MaxDecodedLength(encoded.Length));
            decoded = decoded[..UriEncoding.DecodeToUtf8(encoded, plusIsSpace: true, decoded)];
            if (Utf8.IsValid(decoded))
            {
                w.Write(decoded);
            }
            else
            {
                w.WriteUtf8(Encoding.UTF8.GetString(decoded));
            }
        }
        finally
        {
            bytes.Dispose();
        }
    }
}
