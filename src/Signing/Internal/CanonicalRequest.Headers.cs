namespace Signing.Internal;

internal static partial class CanonicalRequest
{
    // Headers the signer adds, as negative entries in the order list (the request's own are 0..n-1).
    private const int AddedHost = -1;
    private const int AddedDate = -2;
    private const int AddedContentSha256 = -3;
    private const int AddedSecurityToken = -4;

    private static long MaxHeadersLength(scoped in HttpRequestView request, scoped in SigV4Parts parts)
    {
        long n = request.Host.Length + parts.SignedSessionToken.Length + 256 + request.PayloadHash.Length;
        foreach (var h in request.Headers)
        {
            n += (h.Name?.Length ?? 0) + (h.Value?.Length ?? 0) + 2;
        }

        return n;
    }

    private static long MaxSignedHeadersLength(scoped in HttpRequestView request)
    {
        long n = 80; // host;x-amz-content-sha256;x-amz-date;x-amz-security-token
        foreach (var h in request.Headers)
        {
            n += (h.Name?.Length ?? 0) + 1;
        }

        return n;
    }

    /// <summary>
    /// Picks the headers to sign (the request's, less the never-signed ones, plus the ones the signer
    /// adds) into <paramref name="order"/>, sorted by lower-cased name; duplicates keep their order.
    /// </summary>
    private static int CollectHeaders(scoped in HttpRequestView request, scoped in SigV4Parts parts, Span<int> order, out ReadOnlySpan<char> payloadHash)
    {
        var headers = request.Headers;
        int count = 0;
        bool hasHost = false;
        ReadOnlySpan<char> contentSha256 = default;
        bool hasContentSha256 = false;
        bool hasToken = false;
        for (int i = 0; i < headers.Length; i++)
        {
            var name = headers[i].Name.AsSpan();
            var value = headers[i].Value.AsSpan();
            Validate.HeaderName(name);
            Validate.HeaderValue(name, value);
            switch (SigV4Constants.Classify(name))
            {
                case SigV4Constants.HeaderKind.NeverSigned:
                    continue;
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

            order[count++] = i;
        }

        if (!hasHost)
        {
            if (request.Host.IsEmpty)
            {
                ThrowHelper.Argument("request", "The request has no Host header and no Host: set HttpRequestView.Host (or a Host header) to the host of the URL, with the port when it is not the default.");
            }

            Validate.WireHeaderValue("Host", request.Host); // the caller sends it: no line fold
            order[count++] = AddedHost;
        }

        payloadHash = ResolvePayloadHash(request, parts, contentSha256);
        if (parts.Presign && !hasContentSha256 && parts.Options.ContentSha256Header == ContentSha256Header.IncludeWhenPresigning)
        {
            order[count++] = AddedContentSha256;
        }

        if (!parts.Presign)
        {
            order[count++] = AddedDate;
            if (!hasContentSha256 && parts.Options.ContentSha256Header != ContentSha256Header.Omit)
            {
                order[count++] = AddedContentSha256;
            }

            if (!parts.SignedSessionToken.IsEmpty && !hasToken)
            {
                order[count++] = AddedSecurityToken;
            }
        }

        // Stable insertion sort by lower-cased name: header lists are short.
        for (int i = 1; i < count; i++)
        {
            int item = order[i];
            var itemName = NameOf(request, item);
            int j = i - 1;
            while (j >= 0 && AsciiText.CompareLower(NameOf(request, order[j]), itemName) > 0)
            {
                order[j + 1] = order[j];
                j--;
            }

            order[j + 1] = item;
        }

        return count;
    }

    private static ReadOnlySpan<char> NameOf(scoped in HttpRequestView request, int entry) => entry switch
    {
        AddedHost => "host",
        AddedDate => SigV4Constants.XAmzDate,
        AddedContentSha256 => SigV4Constants.XAmzContentSha256,
        AddedSecurityToken => SigV4Constants.XAmzSecurityToken,
        _ => request.Headers[entry].Name,
    };

    private static ReadOnlySpan<char> ValueOf(scoped in HttpRequestView request, scoped in SigV4Parts parts, int entry, ReadOnlySpan<char> payloadHash) => entry switch
    {
        AddedHost => request.Host,
        AddedDate => parts.AmzDate,
        AddedContentSha256 => payloadHash,
        AddedSecurityToken => parts.SignedSessionToken,
        _ => request.Headers[entry].Value,
    };

    private static void WriteSignedHeaders(ref SpanWriter w, scoped in HttpRequestView request, scoped ReadOnlySpan<int> order)
    {
        for (int i = 0; i < order.Length; i++)
        {
            var name = NameOf(request, order[i]);
            if (i > 0)
            {
                if (AsciiText.CompareLower(NameOf(request, order[i - 1]), name) == 0)
                {
                    continue;
                }

                w.Write((byte)';');
            }

            w.WriteLowerAscii(name);
        }
    }

    /// <summary>
    /// Canonical headers: <c>name:value\n</c> per name, lower-cased names, values trimmed with runs of
    /// white space (line folds included) folded to one space, values of a repeated name comma-joined in request order.
    /// </summary>
    private static void WriteHeaders(ref SpanWriter w, scoped in HttpRequestView request, scoped in SigV4Parts parts, scoped ReadOnlySpan<int> order, scoped ReadOnlySpan<char> payloadHash)
    {
        for (int i = 0; i < order.Length; i++)
        {
            WriteHeaderStart(ref w, i, i > 0 ? NameOf(request, order[i - 1]) : default, NameOf(request, order[i]));
            WriteFoldedValue(ref w, ValueOf(request, parts, order[i], payloadHash));
        }

        if (order.Length > 0)
        {
            w.Write((byte)'\n');
        }
    }

    /// <summary>
    /// Starts the <paramref name="index"/>th line of a sorted header list (SigV4's canonical headers,
    /// SigV2's x-amz-* headers): a comma when the name repeats <paramref name="previous"/>'s (the
    /// values are joined), else a line break (none before the first) and the lower-cased name and <c>:</c>.
    /// </summary>
    internal static void WriteHeaderStart(ref SpanWriter w, int index, scoped ReadOnlySpan<char> previous, scoped ReadOnlySpan<char> name)
    {
        if (index > 0 && AsciiText.CompareLower(previous, name) == 0)
        {
            w.Write((byte)',');
            return;
        }

        if (index > 0)
        {
            w.Write((byte)'\n');
        }

        w.WriteLowerAscii(name);
        w.Write((byte)':');
    }

    /// <summary>Trims, and folds each run of white space (obsolete line folding included) to one space.</summary>
    private static void WriteFoldedValue(ref SpanWriter w, scoped ReadOnlySpan<char> value)
    {
        value = value.Trim(" \t\r\n");
        if (value.IndexOfAny('\t', '\r', '\n') < 0 && !value.Contains("  ", StringComparison.Ordinal))
        {
            w.WriteAscii(value); // nothing to fold: one vectorized copy
            return;
        }

        bool space = false;
        foreach (char c in value)
        {
            if (c is ' ' or '\t' or '\r' or '\n')
            {
                space = true;
                continue;
            }

            if (space)
            {
                w.Write((byte)' ');
                space = false;
            }

            w.Write((byte)c);
        }
    }
}
