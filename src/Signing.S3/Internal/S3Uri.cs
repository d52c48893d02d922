using System.Globalization;
using System.Text;
using Signing.Internal;

namespace Signing.S3.Internal;

/// <summary>
/// Builds request URLs: path-style <c>/bucket/key</c> or virtual-host <c>bucket.host/key</c>,
/// keys encoded per RFC 3986 with <c>/</c> kept, and the <see cref="Uri"/> created without
/// canonicalization so keys such as <c>a/../b</c> and <c>a//b</c> go on the wire as written.
/// </summary>
internal static class S3Uri
{
    private static readonly UriCreationOptions AsWritten = new() { DangerousDisablePathAndQueryCanonicalization = true };

    /// <summary>The query string for <paramref name="query"/>: <c>name</c> or <c>name=value</c>, each encoded, in the order given.</summary>
    public static string Query(IReadOnlyList<KeyValuePair<string, string?>> query)
    {
        if (query.Count == 0)
        {
            return string.Empty;
        }

        var sb = new StringBuilder();
        foreach (var (name, value) in query)
        {
            if (sb.Length > 0)
            {
                sb.Append('&');
            }

            sb.Append(UriEncoding.Encode(name, keepSlash: false));
            if (value is not null)
            {
                sb.Append('=').Append(UriEncoding.Encode(value, keepSlash: false));
            }
        }

        return sb.ToString();
    }

    /// <summary>
    /// The request URL for a bucket (or none, for the service) and a key (or none, for the bucket):
    /// <c>{endpoint}/{bucket}/{key}?{query}</c> or <c>{scheme}://{bucket}.{host}/{key}?{query}</c>.
    /// </summary>
    public static Uri Build(Uri endpoint, S3Addressing addressing, string? bucket, string? key, string query)
    {
        var sb = new StringBuilder();
        sb.Append(endpoint.Scheme).Append("://");
        string basePath = endpoint.AbsolutePath.TrimEnd('/');
        if (bucket is not null && addressing == S3Addressing.VirtualHost)
        {
            sb.Append(bucket).Append('.');
        }

        sb.Append(endpoint.Host.Contains(':', StringComparison.Ordinal) && !endpoint.Host.StartsWith('[') ? $"[{endpoint.Host}]" : endpoint.Host);
        if (!endpoint.IsDefaultPort)
        {
            sb.Append(':').Append(endpoint.Port.ToString(CultureInfo.InvariantCulture));
        }

        sb.Append(basePath);
        if (bucket is not null && addressing == S3Addressing.PathStyle)
        {
            sb.Append('/').Append(UriEncoding.Encode(bucket, keepSlash: false));
        }

        if (key is not null)
        {
            sb.Append('/').Append(UriEncoding.Encode(key, keepSlash: true));
        }
        else if (bucket is null || addressing == S3Addressing.VirtualHost)
        {
            // The service root, or a virtual-host bucket: the path is "/".
            sb.Append('/');
        }

        if (query.Length > 0)
        {
            sb.Append('?').Append(query);
        }

        return Create(sb.ToString());
    }

    /// <summary>Creates a <see cref="Uri"/> whose path and query go on the wire exactly as written.</summary>
    public static Uri Create(string url) => new(url, in AsWritten);
}
