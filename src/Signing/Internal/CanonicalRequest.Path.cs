namespace Signing.Internal;

internal static partial class CanonicalRequest
{
    /// <summary>
    /// Canonical URI. Non-S3 services: normalize (RFC 3986 remove_dot_segments, empty segments dropped)
    /// and encode the wire path again. S3: no normalization; decode the wire path and encode it once.
    /// </summary>
    private static void WritePath(ref Utf8Builder w, scoped ReadOnlySpan<char> path, SigningOptions options)
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

        // Segments are written as they come; ".." takes the last one back off the output (an
        // encoded segment holds no '/', so it starts after the last '/').
        int root = w.Length;
        w.Write((byte)'/');
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
                if (depth > 0)
                {
                    int slash = w.Written[root..].LastIndexOf((byte)'/');
                    w.Truncate(slash == 0 ? root + 1 : root + slash);
                    depth--;
                }

                trailingSlash = last;
            }
            else
            {
                if (depth > 0)
                {
                    w.Write((byte)'/');
                }

                WriteSegment(ref w, segment, single, keepSlash: false);
                depth++;
                trailingSlash = false;
            }

            i = end + 1;
        }

        if (trailingSlash && depth > 0)
        {
            w.Write((byte)'/');
        }
    }

    private static void WriteSegment(ref Utf8Builder w, scoped ReadOnlySpan<char> text, bool single, bool keepSlash)
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
