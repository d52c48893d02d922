namespace Signing.Cli;

/// <summary>
/// A URL split as typed, without <see cref="Uri"/>'s rewriting (like curl, the path and query are
/// sent and signed exactly as given).
/// </summary>
internal sealed record RawUrl(string Scheme, string Host, string Path, string Query)
{
    public string Origin => $"{Scheme}://{Host}";

    public static RawUrl Parse(string url)
    {
        int schemeEnd = url.IndexOf("://", StringComparison.Ordinal);
        if (schemeEnd <= 0)
        {
            throw new UsageException($"URL '{url}' is not absolute: pass one such as https://bucket.s3.us-east-1.amazonaws.com/key.");
        }

        string scheme = url[..schemeEnd].ToLowerInvariant();
        if (scheme is not "http" and not "https")
        {
            throw new UsageException($"URL '{url}' has scheme '{scheme}': only http and https are supported.");
        }

        string rest = url[(schemeEnd + 3)..];
        int fragment = rest.IndexOf('#', StringComparison.Ordinal);
        if (fragment >= 0)
        {
            rest = rest[..fragment];
        }

        int pathStart = rest.IndexOfAny(['/', '?']);
        string authority = pathStart < 0 ? rest : rest[..pathStart];
        string pathAndQuery = pathStart < 0 ? "/" : rest[pathStart..];
        if (authority.Contains('@', StringComparison.Ordinal))
        {
            throw new UsageException($"URL '{url}' holds user information: pass credentials with --user instead.");
        }

        if (authority.Length == 0 || !Uri.TryCreate($"{scheme}://{authority}/", UriKind.Absolute, out var parsed))
        {
            throw new UsageException($"URL '{url}' has no valid host.");
        }

        string host = parsed.IsDefaultPort ? authority.Split(':')[0] : authority;
        if (host.StartsWith('[') && parsed.IsDefaultPort)
        {
            host = authority[..(authority.IndexOf(']', StringComparison.Ordinal) + 1)];
        }

        int q = pathAndQuery.IndexOf('?', StringComparison.Ordinal);
        string path = q < 0 ? pathAndQuery : pathAndQuery[..q];
        string query = q < 0 ? string.Empty : pathAndQuery[(q + 1)..];
        return new RawUrl(scheme, host.ToLowerInvariant(), path.Length == 0 ? "/" : path, query);
    }
}
