namespace Signing.Cli;

/// <summary>
/// A URL split as typed, without <see cref="Uri"/>'s rewriting (like curl, the path and query are
/// sent and signed exactly as given).
/// </summary>
internal sealed record RawUrl(string Scheme, string Host, string Path, string Query)
{
    public string Origin => $"{Scheme}://{Host}";

    /// <summary>
    /// Splits <paramref name="url"/>, after checking it holds no control character or bad
    /// percent-escape, and (<paramref name="toSend"/>, for a request that goes on the wire) no
    /// space or non-ASCII character either. <c>sign</c> and <c>presign</c> only sign: there the
    /// signer's canonical form encodes spaces and UTF-8, as the AWS test suite's vectors expect.
    /// </summary>
    /// <exception cref="UsageException">What is wrong with the URL, and how to write it.</exception>
    public static RawUrl Parse(string url, bool toSend = true)
    {
        Check(url, toSend);
        int schemeEnd = url.IndexOf("://", StringComparison.Ordinal);
        UsageException.ThrowIf(schemeEnd <= 0, $"URL {CliText.Show(url)} is not absolute: pass one such as https://bucket.s3.us-east-1.amazonaws.com/key.");

        string scheme = url[..schemeEnd].ToLowerInvariant();
        UsageException.ThrowIf(scheme is not "http" and not "https", $"URL {CliText.Show(url)} has scheme {CliText.Show(scheme)}: only http and https are supported.");

        string rest = url[(schemeEnd + 3)..];
        int fragment = rest.IndexOf('#', StringComparison.Ordinal);
        if (fragment >= 0)
        {
            rest = rest[..fragment];
        }

        int pathStart = rest.IndexOfAny(['/', '?']);
        string authority = pathStart < 0 ? rest : rest[..pathStart];
        string pathAndQuery = pathStart < 0 ? "/" : rest[pathStart..];
        UsageException.ThrowIf(authority.Contains('@', StringComparison.Ordinal), $"URL {CliText.Show(url)} holds user information: pass credentials with --user instead.");

        if (authority.Length == 0 || !Uri.TryCreate($"{scheme}://{authority}/", UriKind.Absolute, out var parsed))
        {
            throw new UsageException($"URL {CliText.Show(url)} has no valid host (and port).");
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

    /// <summary>
    /// What makes a query already signed, or null: SigV4's <c>X-Amz-Signature</c>, or SigV2's
    /// <c>Signature</c> together with <c>Expires</c> (names compared ignoring case).
    /// </summary>
    public static string? PresignedBy(string query)
    {
        bool signature = false, expires = false;
        foreach (string pair in query.Split('&'))
        {
            string name = pair.Split('=', 2)[0];
            if (name.Equals("X-Amz-Signature", StringComparison.OrdinalIgnoreCase))
            {
                return "X-Amz-Signature";
            }

            signature |= name.Equals("Signature", StringComparison.OrdinalIgnoreCase);
            expires |= name.Equals("Expires", StringComparison.OrdinalIgnoreCase);
        }

        return signature && expires ? "Signature and Expires" : null;
    }

    /// <summary>As curl: no control characters or spaces (they would split the request line); every '%' starts a two-hex-digit escape.</summary>
    private static void Check(string url, bool toSend)
    {
        UsageException.ThrowIf(url.Length == 0, "URL is empty: pass one such as https://bucket.s3.us-east-1.amazonaws.com/key.");

        for (int i = 0; i < url.Length; i++)
        {
            char c = url[i];
            if (CliText.IsControl(c) || (c == ' ' && toSend))
            {
                throw new UsageException($"URL {CliText.Show(url)} contains {CliText.Describe(c)}: percent-encode it ({(c == ' ' ? "%20" : $"%{(int)c:X2}")}).");
            }

            if (c > 0x7F && toSend)
            {
                throw new UsageException($"URL {CliText.Show(url)} contains {CliText.Describe(c)}: percent-encode its UTF-8 bytes (sigv sends and signs the URL as typed).");
            }

            if (c == '%' && (i + 2 >= url.Length || !char.IsAsciiHexDigit(url[i + 1]) || !char.IsAsciiHexDigit(url[i + 2])))
            {
                string escape = url.Substring(i, Math.Min(3, url.Length - i));
                throw new UsageException($"URL {CliText.Show(url)} has the bad percent-escape {CliText.Show(escape)}: '%' starts two hex digits (write a literal '%' as %25).");
            }
        }
    }
}
