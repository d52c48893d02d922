using System.Text;

namespace Signing.Internal;

/// <summary>
/// The S3 SigV2 string to sign (S3 developer guide, "Signing and authenticating REST requests"):
/// <code>
/// StringToSign = Method \n Content-MD5 \n Content-Type \n Date \n CanonicalizedAmzHeaders CanonicalizedResource
/// </code>
/// </summary>
internal static class SigV2StringToSign
{
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

    public static bool IsSubResource(string name) => Array.BinarySearch(SubResources, name, StringComparer.Ordinal) >= 0;

    /// <param name="request">The request (path and query as sent).</param>
    /// <param name="bucket">The bucket named by the Host (virtual-host or CNAME addressing), else null.</param>
    /// <param name="dateLine">The Date line: the Date header, empty with x-amz-date, or Expires for query signing.</param>
    /// <param name="extraAmzHeaders">x-amz-* headers the signer adds (the session token).</param>
    public static string Build(scoped in HttpRequestView request, string? bucket, string dateLine, ReadOnlySpan<HttpHeader> extraAmzHeaders)
    {
        var sb = new StringBuilder(256);
        sb.Append(request.Method).Append('\n');
        sb.Append(Find(request, "content-md5")).Append('\n');
        sb.Append(Find(request, "content-type")).Append('\n');
        sb.Append(dateLine).Append('\n');
        AppendAmzHeaders(sb, request, extraAmzHeaders);
        AppendResource(sb, request, bucket);
        return sb.ToString();
    }

    /// <summary>The trimmed value of the first header called <paramref name="lowerName"/>, or empty.</summary>
    public static string Find(scoped in HttpRequestView request, string lowerName)
    {
        foreach (var h in request.Headers)
        {
            if (AsciiText.EqualsLower(h.Name, lowerName))
            {
                return (h.Value ?? string.Empty).Trim(' ', '\t');
            }
        }

        return string.Empty;
    }

    /// <summary>x-amz-* headers: lower-cased, sorted, repeated names comma-joined, values unfolded and trimmed.</summary>
    private static void AppendAmzHeaders(StringBuilder sb, scoped in HttpRequestView request, ReadOnlySpan<HttpHeader> extra)
    {
        var amz = new List<(string Name, string Value)>();
        foreach (var h in request.Headers)
        {
            Validate.HeaderName(h.Name);
            Validate.HeaderValue(h.Name, h.Value);
            if (h.Name.StartsWith("x-amz-", StringComparison.OrdinalIgnoreCase))
            {
                amz.Add((h.Name.ToLowerInvariant(), Fold(h.Value)));
            }
        }

        foreach (var h in extra)
        {
            amz.Add((h.Name, h.Value));
        }

        // Stable sort by name keeps repeated names in request order.
        var sorted = amz.Select((h, i) => (h, i)).OrderBy(x => x.h.Name, StringComparer.Ordinal).ThenBy(x => x.i).Select(x => x.h).ToList();
        for (int i = 0; i < sorted.Count; i++)
        {
            if (i > 0 && sorted[i].Name == sorted[i - 1].Name)
            {
                sb.Append(',').Append(sorted[i].Value);
                continue;
            }

            if (i > 0)
            {
                sb.Append('\n');
            }

            sb.Append(sorted[i].Name).Append(':').Append(sorted[i].Value);
        }

        if (sorted.Count > 0)
        {
            sb.Append('\n');
        }
    }

    /// <summary>
    /// CanonicalizedResource: <c>/bucket</c> for virtual-host or CNAME addressing, then the path
    /// exactly as sent, then <c>?</c> and the sub-resources sorted by name (<c>name</c> or
    /// <c>name=value</c>, values decoded).
    /// </summary>
    private static void AppendResource(StringBuilder sb, scoped in HttpRequestView request, string? bucket)
    {
        if (bucket is not null)
        {
            sb.Append('/').Append(bucket);
        }

        sb.Append(request.Path.IsEmpty ? "/" : request.Path);
        var subs = new List<(string Name, string? Value)>();
        var query = request.Query;
        foreach (var pair in new QueryPairs(query))
        {
            string name = UriEncoding.Decode(pair.Key, plusIsSpace: true);
            if (IsSubResource(name))
            {
                subs.Add((name, pair.HasValue ? UriEncoding.Decode(pair.Value, plusIsSpace: true) : null));
            }
        }

        subs.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        for (int i = 0; i < subs.Count; i++)
        {
            sb.Append(i == 0 ? '?' : '&').Append(subs[i].Name);
            if (subs[i].Value is not null)
            {
                sb.Append('=').Append(subs[i].Value);
            }
        }
    }

    private static string Fold(string value)
    {
        var trimmed = value.AsSpan().Trim(" \t");
        var sb = new StringBuilder(trimmed.Length);
        bool space = false;
        foreach (char c in trimmed)
        {
            if (c is ' ' or '\t')
            {
                space = true;
                continue;
            }

            if (space)
            {
                sb.Append(' ');
                space = false;
            }

            sb.Append(c);
        }

        return sb.ToString();
    }
}
