namespace Signing.Internal;

/// <summary>The parts of a <see cref="Uri"/> as they go on the wire.</summary>
internal readonly record struct UriParts(string Origin, string Host, string Path, string Query)
{
    /// <summary>
    /// Splits an absolute URL into what <see cref="System.Net.Http.HttpClient"/> sends: the
    /// <c>Host</c> header (port only when not the default) and <see cref="Uri.PathAndQuery"/>,
    /// the request target it writes (escaped, and canonicalized unless the Uri was created with
    /// <see cref="UriCreationOptions.DangerousDisablePathAndQueryCanonicalization"/>).
    /// </summary>
    public static UriParts Of(Uri url, string parameter)
    {
        if (url is null)
        {
            ThrowHelper.Null(parameter);
        }

        if (!url.IsAbsoluteUri || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
        {
            ThrowHelper.Argument(parameter, $"{parameter} {ThrowHelper.Show(url.OriginalString)} is not an absolute http(s) URL: pass one such as https://bucket.s3.us-east-1.amazonaws.com/key.");
        }

        string host;
        try
        {
            host = HostHeader(url);
        }
        catch (UriFormatException ex)
        {
            throw new ArgumentException($"{parameter} host {ThrowHelper.Show(url.Host)} is not a valid (IDN) host name: {ex.Message}", parameter, ex);
        }

        string pathAndQuery = url.PathAndQuery;
        int q = pathAndQuery.IndexOf('?', StringComparison.Ordinal);
        string path = q < 0 ? pathAndQuery : pathAndQuery[..q];
        string query = q < 0 ? string.Empty : pathAndQuery[(q + 1)..];
        return new UriParts($"{url.Scheme}://{host}", host, path.Length == 0 ? "/" : path, query);
    }

    /// <summary>The Host header HttpClient sends for <paramref name="url"/>.</summary>
    public static string HostHeader(Uri url) => url.IsDefaultPort ? url.IdnHost : $"{FormatHost(url)}:{url.Port}";

    private static string FormatHost(Uri url) =>
        url.HostNameType == UriHostNameType.IPv6 && !url.IdnHost.StartsWith('[') ? $"[{url.IdnHost}]" : url.IdnHost;
}
