using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Signing.Tests.Properties;

/// <summary>
/// A plain string-based SigV4 reference, written from the rules (not from the engine): slow and
/// obvious on purpose. Canonical request =
/// <c>Method\nCanonicalURI\nCanonicalQuery\nCanonicalHeaders\n\nSignedHeaders\nPayloadHash</c>.
/// </summary>
internal static partial class ReferenceSigV4
{
    public const string EmptySha256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    public static readonly HashSet<string> NeverSigned = new(StringComparer.Ordinal)
    {
        "authorization", "connection", "expect", "keep-alive", "proxy-authenticate", "proxy-authorization", "proxy-connection", "te", "trailer",
        "transfer-encoding", "upgrade", "user-agent", "x-amzn-trace-id", "x-amz-date",
    };

    public static string AmzDate(DateTimeOffset t) => t.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);

    public static string Scope(SigningCase c) => $"{AmzDate(c.Time)[..8]}/{c.Region}/{c.Service}/aws4_request";

    /// <param name="c">The case.</param>
    /// <param name="presignSeconds">For query signing (a presigned URL), X-Amz-Expires; null for header signing.</param>
    public static string CanonicalRequest(SigningCase c, long? presignSeconds = null)
    {
        var headers = CanonicalHeaders(c, presignSeconds is not null);
        string signed = SignedHeaders(c, presignSeconds is not null);
        var sb = new StringBuilder();
        sb.Append(c.Method).Append('\n');
        sb.Append(CanonicalPath(c.Path, c.Options)).Append('\n');
        sb.Append(presignSeconds is { } seconds ? CanonicalQuery(c.Query, PresignParameters(c, seconds)) : CanonicalQuery(c.Query)).Append('\n');
        foreach (var (name, value) in headers)
        {
            sb.Append(name).Append(':').Append(value).Append('\n');
        }

        sb.Append('\n').Append(signed).Append('\n').Append(PayloadHash(c, presignSeconds is not null));
        return sb.ToString();
    }

    public static string SignedHeaders(SigningCase c, bool presign = false) => string.Join(";", CanonicalHeaders(c, presign).Select(h => h.Name));

    public static string StringToSign(SigningCase c, long? presignSeconds = null) =>
        $"AWS4-HMAC-SHA256\n{AmzDate(c.Time)}\n{Scope(c)}\n{Hex(SHA256.HashData(Encoding.UTF8.GetBytes(CanonicalRequest(c, presignSeconds))))}";

    public static string Signature(SigningCase c, long? presignSeconds = null)
    {
        byte[] k = HMACSHA256.HashData(Encoding.UTF8.GetBytes("AWS4" + c.Secret), Encoding.UTF8.GetBytes(AmzDate(c.Time)[..8]));
        k = HMACSHA256.HashData(k, Encoding.UTF8.GetBytes(c.Region));
        k = HMACSHA256.HashData(k, Encoding.UTF8.GetBytes(c.Service));
        k = HMACSHA256.HashData(k, Encoding.UTF8.GetBytes("aws4_request"));
        return Hex(HMACSHA256.HashData(k, Encoding.UTF8.GetBytes(StringToSign(c, presignSeconds))));
    }

    public static string Hex(byte[] bytes) => Convert.ToHexString(bytes).ToLowerInvariant();

    // ---- path ----

    public static string CanonicalPath(string wire, SigningOptions o)
    {
        string path = wire.Length == 0 ? "/" : wire;
        if (o.PathNormalization == PathNormalization.Normalize)
        {
            path = Normalize(path);
        }

        return o.PathEncoding == PathEncoding.Double ? EncodeAsIs(path, keepSlash: true) : DecodeThenEncode(path, keepLiteralSlash: true, plusIsSpace: false);
    }

    /// <summary>Drops empty and "." segments, lets ".." drop the segment before it; keeps a trailing slash when the path ended with "/", "/." or "/..".</summary>
    public static string Normalize(string path)
    {
        var kept = new List<string>();
        string[] segments = path[1..].Split('/');
        bool trailingSlash = false;
        for (int i = 0; i < segments.Length; i++)
        {
            string s = segments[i];
            bool last = i == segments.Length - 1;
            if (s is "" or ".")
            {
                trailingSlash = last;
            }
            else if (s == "..")
            {
                if (kept.Count > 0)
                {
                    kept.RemoveAt(kept.Count - 1);
                }

                trailingSlash = last;
            }
            else
            {
                kept.Add(s);
                trailingSlash = false;
            }
        }

        return kept.Count == 0 ? "/" : "/" + string.Join("/", kept) + (trailingSlash ? "/" : string.Empty);
    }

    // ---- query ----

    /// <param name="wire">The query as sent.</param>
    /// <param name="replacing">Already-encoded parameters that replace any of the same (encoded) name.</param>
    public static string CanonicalQuery(string wire, IReadOnlyList<(string Key, string Value)>? replacing = null)
    {
        var pairs = new List<(string Key, string Value)>();
        foreach (string piece in wire.Split('&'))
        {
            if (piece.Length == 0)
            {
                continue;
            }

            int eq = piece.IndexOf('=', StringComparison.Ordinal);
            string key = eq < 0 ? piece : piece[..eq];
            string value = eq < 0 ? string.Empty : piece[(eq + 1)..];
            pairs.Add((DecodeThenEncode(key, keepLiteralSlash: false, plusIsSpace: true), DecodeThenEncode(value, keepLiteralSlash: false, plusIsSpace: true)));
        }

        if (replacing is not null)
        {
            pairs.RemoveAll(p => PresignParameterNames.Contains(p.Key));
            pairs.AddRange(replacing);
        }

        pairs.Sort((a, b) =>
        {
            int k = string.CompareOrdinal(a.Key, b.Key);
            return k != 0 ? k : string.CompareOrdinal(a.Value, b.Value);
        });
        return string.Join("&", pairs.Select(p => p.Key + "=" + p.Value));
    }

    // ---- headers ----

    /// <summary>The canonical headers, sorted, duplicates comma-joined, including those the signer adds.</summary>
    public static List<(string Name, string Value)> CanonicalHeaders(SigningCase c, bool presign = false)
    {
        var list = new List<(string Name, string Value)>();
        foreach (var h in c.Headers)
        {
            string name = h.Name.ToLowerInvariant();
            if (!NeverSigned.Contains(name))
            {
                list.Add((name, Fold(h.Value ?? string.Empty)));
            }
        }

        if (!list.Exists(h => h.Name == "host"))
        {
            list.Add(("host", Fold(c.Host)));
        }

        // A request's own X-Amz-Security-Token is signed as given (aws-c-auth post-sts-header-before);
        // the signer adds the credentials' token only when there is none.
        bool hasToken = list.Exists(h => h.Name == "x-amz-security-token");
        if (presign && c.Options.ContentSha256Header == ContentSha256Header.IncludeWhenPresigning && !list.Exists(h => h.Name == "x-amz-content-sha256"))
        {
            list.Add(("x-amz-content-sha256", Fold(PayloadHash(c, presign))));
        }

        if (!presign)
        {
            list.Add(("x-amz-date", AmzDate(c.Time)));
            if (c.Options.ContentSha256Header != ContentSha256Header.Omit && !list.Exists(h => h.Name == "x-amz-content-sha256"))
            {
                list.Add(("x-amz-content-sha256", Fold(PayloadHash(c))));
            }

            if (c.Token is not null && c.Options.SessionToken == SessionTokenSigning.Signed && !hasToken)
            {
                list.Add(("x-amz-security-token", c.Token));
            }
        }

        var merged = new List<(string Name, string Value)>();
        foreach (var h in list.OrderBy(h => h.Name, StringComparer.Ordinal))
        {
            if (merged.Count > 0 && merged[^1].Name == h.Name)
            {
                merged[^1] = (h.Name, merged[^1].Value + "," + h.Value);
            }
            else
            {
                merged.Add(h);
            }
        }

        return merged;
    }

    /// <summary>Trims spaces and tabs at both ends and folds each inner run of them to one space.</summary>
    public static string Fold(string value)
    {
        var sb = new StringBuilder();
        foreach (string word in value.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries))
        {
            if (sb.Length > 0)
            {
                sb.Append(' ');
            }

            sb.Append(word);
        }

        return sb.ToString();
    }

    /// <summary>
    /// The request's payload hash, else its x-amz-content-sha256 header (trimmed; blank counts as
    /// absent), else UNSIGNED-PAYLOAD for an S3 presigned URL, else the empty-body hash.
    /// </summary>
    public static string PayloadHash(SigningCase c, bool presign = false)
    {
        if (c.PayloadHash.Length > 0)
        {
            return c.PayloadHash;
        }

        foreach (var h in c.Headers)
        {
            if (string.Equals(h.Name, "x-amz-content-sha256", StringComparison.OrdinalIgnoreCase) && (h.Value ?? string.Empty).Trim(' ', '\t').Length > 0)
            {
                return h.Value!.Trim(' ', '\t');
            }
        }

        return presign && c.Options.ContentSha256Header == ContentSha256Header.Include ? "UNSIGNED-PAYLOAD" : EmptySha256;
    }

    // ---- percent-encoding ----

    public static bool IsUnreserved(byte b) =>
        b is (>= (byte)'A' and <= (byte)'Z') or (>= (byte)'a' and <= (byte)'z') or (>= (byte)'0' and <= (byte)'9') or (byte)'-' or (byte)'.' or (byte)'_' or (byte)'~';

    /// <summary>Encodes every UTF-8 byte of <paramref name="text"/> but the unreserved ones (and '/', if kept); '%' becomes %25.</summary>
    public static string EncodeAsIs(string text, bool keepSlash)
    {
        var sb = new StringBuilder();
        foreach (byte b in Encoding.UTF8.GetBytes(text))
        {
            sb.Append(IsUnreserved(b) || (keepSlash && b == '/') ? ((char)b).ToString() : Pct(b));
        }

        return sb.ToString();
    }

    /// <summary>Decodes valid %XY escapes (and '+' as a space) to bytes, then encodes every byte but the unreserved ones; a literal '/' may be kept, a decoded one never.</summary>
    public static string DecodeThenEncode(string text, bool keepLiteralSlash, bool plusIsSpace)
    {
        var sb = new StringBuilder();
        for (int i = 0; i < text.Length;)
        {
            if (text[i] == '%' && i + 2 < text.Length && Uri.IsHexDigit(text[i + 1]) && Uri.IsHexDigit(text[i + 2]))
            {
                byte b = byte.Parse(text.AsSpan(i + 1, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                sb.Append(IsUnreserved(b) ? ((char)b).ToString() : Pct(b));
                i += 3;
            }
            else if (text[i] == '+' && plusIsSpace)
            {
                sb.Append("%20");
                i++;
            }
            else if (text[i] == '/' && keepLiteralSlash)
            {
                sb.Append('/');
                i++;
            }
            else
            {
                int n = char.IsSurrogatePair(text, i) ? 2 : 1;
                sb.Append(EncodeAsIs(text.Substring(i, n), keepSlash: false));
                i += n;
            }
        }

        return sb.ToString();
    }

    private static string Pct(byte b) => "%" + b.ToString("X2", CultureInfo.InvariantCulture);
}
