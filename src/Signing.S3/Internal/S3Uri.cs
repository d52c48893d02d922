using System.Globalization;
using System.Text;

namespace Signing.S3.Internal;

/// <summary>
/// Builds request URLs: path-style <c>/bucket/key</c> or virtual-host <c>bucket.host/key</c>,
/// keys encoded per RFC 3986 with <c>/</c> kept, and the <see cref="Uri"/> created without
/// canonicalization so keys such as <c>a/../b</c> and <c>a//b</c> go on the wire as written.
/// </summary>
internal static class S3Uri
{
    private static readonly UriCreationOptions AsWritten = new() { DangerousDisablePathAndQueryCanonicalization = true };

    /// <summary>Percent-encodes <paramref name="value"/> as UTF-8: unreserved characters (A-Z a-z 0-9 - . _ ~) kept, <c>/</c> kept when asked, the rest as upper-case <c>%XX</c>.</summary>
    public static string Encode(string value, bool keepSlash)
    {
        bool plain = true;
        foreach (char c in value)
        {
            if (!IsUnreserved(c) && !(keepSlash && c == '/'))
            {
                plain = false;
                break;
            }
        }

        if (plain)
        {
            return value;
        }

        var sb = new StringBuilder(value.Length * 3);
        Span<byte> utf8 = stackalloc byte[4];
        for (int i = 0; i < value.Length; i++)
        {
            char c = value[i];
            if (IsUnreserved(c) || (keepSlash && c == '/'))
            {
                sb.Append(c);
                continue;
            }

            int n;
            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                n = Encoding.UTF8.GetBytes(value.AsSpan(i, 2), utf8);
                i++;
            }
            else
            {
                n = Encoding.UTF8.GetBytes(value.AsSpan(i, 1), utf8);
            }

            for (int b = 0; b < n; b++)
            {
                sb.Append('%').Append(utf8[b].ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        return sb.ToString();
    }

    /// <summary>Decodes <c>%XX</c> (UTF-8) and, when asked, <c>+</c> as a space.</summary>
    public static string Decode(string value, bool plusIsSpace)
    {
        if (value.IndexOf('%', StringComparison.Ordinal) < 0 && !(plusIsSpace && value.Contains('+', StringComparison.Ordinal)))
        {
            return value;
        }

        var bytes = new List<byte>(value.Length);
        Span<byte> utf8 = stackalloc byte[4];
        for (int i = 0; i < value.Length; i++)
        {
            char c = value[i];
            if (c == '%' && i + 2 < value.Length && IsHex(value[i + 1]) && IsHex(value[i + 2]))
            {
                bytes.Add(byte.Parse(value.AsSpan(i + 1, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                i += 2;
            }
            else if (c == '+' && plusIsSpace)
            {
                bytes.Add((byte)' ');
            }
            else
            {
                int width = char.IsHighSurrogate(c) && i + 1 < value.Length ? 2 : 1;
                int n = Encoding.UTF8.GetBytes(value.AsSpan(i, width), utf8);
                for (int b = 0; b < n; b++)
                {
                    bytes.Add(utf8[b]);
                }

                i += width - 1;
            }
        }

        return Encoding.UTF8.GetString(bytes.ToArray());
    }

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

            sb.Append(Encode(name, keepSlash: false));
            if (value is not null)
            {
                sb.Append('=').Append(Encode(value, keepSlash: false));
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
            sb.Append('/').Append(Encode(bucket, keepSlash: false));
        }

        if (key is not null)
        {
            sb.Append('/').Append(Encode(key, keepSlash: true));
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

    /// <summary>The <c>Host</c> header HttpClient sends for <paramref name="url"/>: the port only when it is not the scheme's default.</summary>
    public static string HostHeader(Uri url)
    {
        string host = url.HostNameType == UriHostNameType.IPv6 && !url.IdnHost.StartsWith('[') ? $"[{url.IdnHost}]" : url.IdnHost;
        return url.IsDefaultPort ? host : $"{host}:{url.Port.ToString(CultureInfo.InvariantCulture)}";
    }

    private static bool IsUnreserved(char c) =>
        c is (>= 'A' and <= 'Z') or (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-' or '.' or '_' or '~';

    private static bool IsHex(char c) => char.IsAsciiHexDigit(c);
}
