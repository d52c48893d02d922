using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace Signing.Internal;

internal static partial class CanonicalRequest
{
    /// <summary>Headers up to this many (the request's and the signer's own) are sorted on the stack.</summary>
    private const int StackHeaders = 16;

    // Headers the signer adds, as negative indexes (the request's own are 0..n-1).
    private const int AddedHost = -1;
    private const int AddedDate = -2;
    private const int AddedContentSha256 = -3;
    private const int AddedSecurityToken = -4;
    private const int AddedRegionSet = -5;

    /// <summary>How many headers the signer may add: host, x-amz-date, x-amz-content-sha256, x-amz-security-token, x-amz-region-set (SigV4a).</summary>
    private const int AddedHeaderCount = 5;

    /// <summary>
    /// Picks the headers to sign (the request's, less the never-signed ones, plus the ones the signer
    /// adds) into <paramref name="entries"/>, each name validated and lower-cased once into <paramref name="names"/>.
    /// </summary>
    /// <returns>How many there are.</returns>
    private static int CollectHeaders(scoped in HttpRequestView request, scoped in SigV4Parts parts, scoped Span<HeaderEntry> entries, ref Utf8Builder names, out ReadOnlySpan<char> payloadHash)
    {
        var headers = request.Headers;
        int count = 0;
        ReadOnlySpan<char> contentSha256 = default;
        bool hasHost = false;
        bool hasContentSha256 = false;
        bool hasToken = false;
        var argument = parts.Names ?? ArgumentNames.View;
        for (int i = 0; i < headers.Length; i++)
        {
            var name = headers[i].Name.AsSpan();
            var value = headers[i].Value.AsSpan();
            Validate.HeaderName(name, argument.Headers);
            if (AsciiText.IndexOfNotVisible(value) >= 0)
            {
                Validate.HeaderValue(name, value, argument.Headers); // not only visible ASCII: check what else it holds
            }

            switch (SigV4Constants.Classify(name))
            {
                case SigV4Constants.HeaderKind.NeverSigned:
                    continue;
                case SigV4Constants.HeaderKind.Signed when !parts.RegionSet.IsEmpty && AsciiText.EqualsLower(name, SigV4Constants.XAmzRegionSet):
                    continue; // SigV4a: the signer's own region set replaces the request's
                case SigV4Constants.HeaderKind.Host:
                    hasHost = true;
                    break;
                case SigV4Constants.HeaderKind.SecurityToken:
                    hasToken = true;
                    break;
                case SigV4Constants.HeaderKind.ContentSha256:
                    hasContentSha256 = true;
                    contentSha256 = value;
                    break;
            }

            entries[count++] = Lowered(ref names, name, i);
        }

        if (!hasHost)
        {
            if (request.Host.IsEmpty)
            {
                ThrowHelper.Argument("request", "The request has no Host header and no Host: set HttpRequestView.Host (or a Host header) to the host of the URL, with the port when it is not the default.");
            }

            Validate.WireHeaderValue("Host", request.Host, argument.Target); // the caller sends it: no line fold
            entries[count++] = Added(ref names, "host"u8, AddedHost);
        }

        payloadHash = ResolvePayloadHash(request, parts, contentSha256);
        if (parts.Presign && !hasContentSha256 && parts.Options.ContentSha256Header == ContentSha256Header.IncludeWhenPresigning)
        {
            entries[count++] = Added(ref names, "x-amz-content-sha256"u8, AddedContentSha256);
        }

        if (!parts.Presign)
        {
            entries[count++] = Added(ref names, "x-amz-date"u8, AddedDate);
            if (!hasContentSha256 && parts.Options.ContentSha256Header != ContentSha256Header.Omit)
            {
                entries[count++] = Added(ref names, "x-amz-content-sha256"u8, AddedContentSha256);
            }

            if (!parts.SignedSessionToken.IsEmpty && !hasToken)
            {
                entries[count++] = Added(ref names, "x-amz-security-token"u8, AddedSecurityToken);
            }

            if (!parts.RegionSet.IsEmpty)
            {
                entries[count++] = Added(ref names, "x-amz-region-set"u8, AddedRegionSet);
            }
        }

        return count;
    }

    /// <summary>The entry of a header named <paramref name="name"/>, its name written lower-cased into <paramref name="names"/>.</summary>
    internal static HeaderEntry Lowered(ref Utf8Builder names, scoped ReadOnlySpan<char> name, int index)
    {
        int start = names.Length;
        names.WriteLowerAscii(name);
        return new HeaderEntry(names.Written[start..], start, index);
    }

    private static HeaderEntry Added(ref Utf8Builder names, scoped ReadOnlySpan<byte> lowerName, int index)
    {
        int start = names.Length;
        names.Write(lowerName);
        return new HeaderEntry(lowerName, start, index);
    }

    /// <summary>
    /// Stable insertion sort by lower-cased name (header lists are short): most comparisons are one
    /// comparison of the names' first 8 bytes. Then marks each entry whose name repeats the one before.
    /// </summary>
    internal static void SortHeaders(scoped Span<HeaderEntry> entries, scoped ReadOnlySpan<byte> names)
    {
        for (int i = 1; i < entries.Length; i++)
        {
            var item = entries[i];
            int j = i - 1;
            while (j >= 0 && Compare(entries[j], item, names) > 0)
            {
                entries[j + 1] = entries[j];
                j--;
            }

            entries[j + 1] = item;
        }

        for (int i = 1; i < entries.Length; i++)
        {
            if (Compare(entries[i - 1], entries[i], names) == 0)
            {
                entries[i] = entries[i].AsRepeat();
            }
        }
    }

    private static int Compare(HeaderEntry a, HeaderEntry b, ReadOnlySpan<byte> names) =>
        a.Prefix != b.Prefix ? a.Prefix.CompareTo(b.Prefix) : a.Name(names).SequenceCompareTo(b.Name(names));

    /// <summary>Appends the signed-headers list (each name once, <c>;</c>-separated) to <paramref name="names"/>, from the names in it.</summary>
    private static void WriteSignedHeaders(ref Utf8Builder names, scoped ReadOnlySpan<HeaderEntry> entries)
    {
        int length = -1;
        foreach (var entry in entries)
        {
            length += entry.Repeat ? 0 : entry.Length + 1;
        }

        var list = names.Reserve(Math.Max(0, length)); // the buffer moves, if at all, before the names are read
        var all = names.Written;
        int n = 0;
        foreach (var entry in entries)
        {
            if (entry.Repeat)
            {
                continue;
            }

            if (n > 0)
            {
                list[n++] = (byte)';';
            }

            entry.Name(all).CopyTo(list[n..]);
            n += entry.Length;
        }
    }

    /// <summary>
    /// Canonical headers: <c>name:value\n</c> per name, values trimmed with runs of white space
    /// (line folds included) folded to one space, values of a repeated name comma-joined in request order.
    /// </summary>
    private static void WriteHeaders(ref Utf8Builder w, scoped in HttpRequestView request, scoped in SigV4Parts parts, scoped ReadOnlySpan<HeaderEntry> entries, scoped ReadOnlySpan<byte> names, scoped ReadOnlySpan<char> payloadHash)
    {
        for (int i = 0; i < entries.Length; i++)
        {
            var entry = entries[i];
            WriteHeaderStart(ref w, entry, i, names);
            WriteFoldedValue(ref w, entry.Index switch
            {
                AddedHost => request.Host,
                AddedDate => parts.AmzDate,
                AddedContentSha256 => payloadHash,
                AddedSecurityToken => parts.SignedSessionToken,
                AddedRegionSet => parts.RegionSet,
                _ => request.Headers[entry.Index].Value,
            });
        }

        if (entries.Length > 0)
        {
            w.Write((byte)'\n');
        }
    }

    /// <summary>
    /// Starts the <paramref name="index"/>th entry of a sorted header list (SigV4's canonical headers,
    /// SigV2's x-amz-* ones): a comma when its name repeats the one before (the values are joined),
    /// else a line break (none before the first) and the lower-cased name and <c>:</c>.
    /// </summary>
    internal static void WriteHeaderStart(ref Utf8Builder w, HeaderEntry entry, int index, scoped ReadOnlySpan<byte> names)
    {
        if (entry.Repeat)
        {
            w.Write((byte)',');
            return;
        }

        if (index > 0)
        {
            w.Write((byte)'\n');
        }

        w.Write(entry.Name(names));
        w.Write((byte)':');
    }

    /// <summary>
    /// A header to sign: where its lower-cased name is in the name buffer, the name's first 8 bytes as
    /// a big-endian number (the sort key), which header it is, and whether its name repeats the one before.
    /// </summary>
    [StructLayout(LayoutKind.Auto)]
    internal readonly struct HeaderEntry
    {
        public HeaderEntry(ReadOnlySpan<byte> lowerName, int start, int index)
        {
            Prefix = PrefixOf(lowerName);
            Start = start;
            Length = lowerName.Length;
            Index = index;
        }

        private HeaderEntry(HeaderEntry entry)
        {
            this = entry;
            Repeat = true;
        }

        public ulong Prefix { get; }

        public int Start { get; }

        public int Length { get; }

        /// <summary>The request header's index, or one of the Added* values.</summary>
        public int Index { get; }

        /// <summary>The name is the one before's: the value is comma-joined to it.</summary>
        public bool Repeat { get; }

        public ReadOnlySpan<byte> Name(ReadOnlySpan<byte> names) => names.Slice(Start, Length);

        public HeaderEntry AsRepeat() => new(this);
    }

    /// <summary>
    /// The first 8 bytes as a big-endian number, zero-padded: ordered as the bytes are (names hold
    /// no zero byte), so most comparisons of names are one comparison of numbers.
    /// </summary>
    private static ulong PrefixOf(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length >= sizeof(ulong))
        {
            return BinaryPrimitives.ReadUInt64BigEndian(bytes);
        }

        ulong prefix = 0;
        for (int i = 0; i < bytes.Length; i++)
        {
            prefix |= (ulong)bytes[i] << (56 - (8 * i));
        }

        return prefix;
    }
}
