namespace Signing.Internal;

internal static partial class CanonicalRequest
{
    /// <summary>
    /// Canonical URI. Non-S3 services: normalize (RFC 3986 remove_dot_segments, empty segments dropped)
    /// and encode the wire path again. S3: no normalization; decode the wire path and encode it once.
    /// </summary>
    private static void WritePath(ref SpanWriter w, scoped ReadOnlySpan<char> path, SigningOptions options)
    {
        bool single = options.PathEncoding == PathEncoding.Single;
        if (path.IsEmpty)
        {
            w.Write((byte)'/');
            return;
        }

        if (options.PathNormalization == PathNormalization.None)
        {
            WriteSegment(ref w, path, single, keepSlash: true);
            return;
        }

        // Segment stack as (start, length) pairs into path.
        int max = path.Length + 1;
        int[]? rented = null;
        Span<int> stack = max * 2 <= 256 ? stackalloc int[256] : (rented = System.Buffers.ArrayPool<int>.Shared.Rent(max * 2));
        try
        {
            int depth = 0;
            bool trailingSlash = false;
            int i = 1; // path[0] == '/'
            while (i <= path.Length)
            {
                int end = path[i..].IndexOf('/');
                end = end < 0 ? path.Length : i + end;
                var segment = path[i..end];
                bool last = end >= path.Length;
                if (segment.IsEmpty || segment.SequenceEqual("."))
                {
                    trailingSlash = last;
                }
                else if (segment.SequenceEqual(".."))
                {
                    depth = Math.Max(0, depth - 1);
                    trailingSlash = last;
                }
                else
                {
                    stack[2 * depth] = i;
                    stack[(2 * depth) + 1] = segment.Length;
                    depth++;
                    trailingSlash = false;
                }

                i = end + 1;
            }

            w.Write((byte)'/');
            for (int d = 0; d < depth; d++)
            {
                if (d > 0)
                {
                    w.Write((byte)'/');
                }

                WriteSegment(ref w, path.Slice(stack[2 * d], stack[(2 * d) + 1]), single, keepSlash: false);
            }

            if (trailingSlash && depth > 0)
            {
                w.Write((byte)'/');
            }
        }
        finally
        {
            if (rented is not null)
            {
                System.Buffers.ArrayPool<int>.Shared.Return(rented);
            }
        }
    }

    private static void WriteSegment(ref SpanWriter w, scoped ReadOnlySpan<char> text, bool single, bool keepSlash)
    {
        if (single)
        {
            UriEncoding.DecodeAndEncode(ref w, text, keepSlash, plusIsSpace: false);
        }
        else
        {
            UriEncoding.EncodeAsIs(ref w, text, keepSlash);
        }
    }
}
