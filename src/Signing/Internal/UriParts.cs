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
        Check(url, parameter);
        string host = HostHeader(url);
        SplitPathAndQuery(url, out var path, out var query);
        string pathAndQuery = url.PathAndQuery;

        // Keep the Uri's own string when the path is all of it (no query): no copy.
        return new UriParts($"{url.Scheme}://{host}", host, path.Length == pathAndQuery.Length ? pathAndQuery : path.ToString(), query.ToString());
    }

    /// <summary>
    /// The path (<c>/</c> when empty) and query (without <c>?</c>) of <see cref="Uri.PathAndQuery"/>,
    /// as slices of the string the Uri caches.
    /// </summary>
    public static void SplitPathAndQuery(Uri url, out ReadOnlySpan<char> path, out ReadOnlySpan<char> query)
    {
        string pathAndQuery = url.PathAndQuery;
        int q = pathAndQuery.IndexOf('?', StringComparison.Ordinal);
        path = q < 0 ? pathAndQuery : pathAndQuery.AsSpan(0, q);
        query = q < 0 ? default : pathAndQuery.AsSpan(q + 1);
        if (path.IsEmpty)
        {
            path = "/";
        }
    }

    /// <summary>Checks <paramref name="url"/> is an absolute http(s) URL with a valid (IDN) host, without allocating.</summary>
    public static void Check(Uri url, string parameter)
    {
        if (url is null)
        {
            ThrowHelper.Null(parameter);
        }

        if (!url.IsAbsoluteUri || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
        {
            ThrowHelper.Argument(parameter, $"{parameter} {ThrowHelper.Show(url.OriginalString)} is not an absolute http(s) URL: pass one such as https://bucket.s3.us-east-1.amazonaws.com/key.");
        }

        try
        {
            _ = url.IdnHost; // computes (and caches) the ASCII host; throws for an invalid IDN name
        }
        catch (UriFormatException ex)
        {
            throw new ArgumentException($"{parameter} host {ThrowHelper.Show(url.Host)} is not a valid (IDN) host name: {ex.Message}", parameter, ex);
        }
    }

    /// <summary>The longest <see cref="WriteOrigin"/> result for <paramref name="url"/>.</summary>
    public static int MaxOriginLength(Uri url) => url.Scheme.Length + 3 + MaxHostLength(url);

    /// <summary>
    /// Writes <c>scheme://</c> and the Host header (<see cref="HostHeader"/>) without allocating;
    /// the host starts at <c>url.Scheme.Length + 3</c>. Call <see cref="Check"/> first.
    /// </summary>
    public static int WriteOrigin(Uri url, Span<char> destination)
    {
        string scheme = url.Scheme;
        scheme.CopyTo(destination);
        "://".CopyTo(destination[scheme.Length..]);
        return scheme.Length + 3 + WriteHost(url, destination[(scheme.Length + 3)..]);
    }

    /// <summary>The Host header HttpClient sends for <paramref name="url"/>: the host, with the port when it is not the default.</summary>
    public static string HostHeader(Uri url)
    {
        if (url.IsDefaultPort)
        {
            return url.IdnHost;
        }

        int max = MaxHostLength(url);
        Span<char> host = max <= 512 ? stackalloc char[512] : new char[max];
        return host[..WriteHost(url, host)].ToString();
    }

    // IDN host, brackets for an IPv6 literal given a port, ':' and up to 5 port digits.
    private static int MaxHostLength(Uri url) => url.IdnHost.Length + 2 + 1 + 5;

    private static int WriteHost(Uri url, Span<char> destination)
    {
        string host = url.IdnHost;
        if (url.IsDefaultPort)
        {
            host.CopyTo(destination);
            return host.Length;
        }

        int n = 0;
        bool bracket = url.HostNameType == UriHostNameType.IPv6 && !host.StartsWith('[');
        if (bracket)
        {
            destination[n++] = '[';
        }

        host.CopyTo(destination[n..]);
        n += host.Length;
        if (bracket)
        {
            destination[n++] = ']';
        }

        destination[n++] = ':';
        url.Port.TryFormat(destination[n..], out int digits, default, System.Globalization.CultureInfo.InvariantCulture);
        return n + digits;
    }
}
