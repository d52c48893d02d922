using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Signing.Tests.Properties;

/// <summary>
/// A plain string-based SigV2 (the S3 developer guide's algorithm, as the signer first implemented
/// it): the oracle the span-based signer is checked against.
/// </summary>
internal static class ReferenceSigV2
{
    /// <summary>Which query parameters are sub-resources is data, not algorithm: the signer's own list.</summary>
    private static string[] SubResources => Signing.Internal.SigV2StringToSign.SubResources;

    /// <summary>The string to sign for header signing at <paramref name="time"/> (Date line as the signer chooses it).</summary>
    public static string StringToSign(string method, string path, string query, HttpHeader[] headers, string? bucket, string? token, DateTimeOffset time)
    {
        string dateLine = headers.Any(h => h.Name.Equals("x-amz-date", StringComparison.OrdinalIgnoreCase)) ? string.Empty
            : headers.Any(h => h.Name.Equals("date", StringComparison.OrdinalIgnoreCase)) ? Find(headers, "date")
            : time.UtcDateTime.ToString("r", CultureInfo.InvariantCulture);
        var extra = token is not null && !headers.Any(h => h.Name.Equals("x-amz-security-token", StringComparison.OrdinalIgnoreCase))
            ? new[] { (Name: "x-amz-security-token", Value: token) }
            : [];
        var sb = new StringBuilder();
        sb.Append(method).Append('\n').Append(Find(headers, "content-md5")).Append('\n').Append(Find(headers, "content-type")).Append('\n').Append(dateLine).Append('\n');
        var amz = headers.Where(h => h.Name.StartsWith("x-amz-", StringComparison.OrdinalIgnoreCase))
            .Select(h => (Name: h.Name.ToLowerInvariant(), Value: Fold(h.Value)))
            .Concat(extra)
            .Select((h, i) => (h, i)).OrderBy(x => x.h.Name, StringComparer.Ordinal).ThenBy(x => x.i).Select(x => x.h).ToList();
        for (int i = 0; i < amz.Count; i++)
        {
            if (i > 0 && amz[i].Name == amz[i - 1].Name)
            {
                sb.Append(',').Append(amz[i].Value);
                continue;
            }

            sb.Append(i > 0 ? "\n" : string.Empty).Append(amz[i].Name).Append(':').Append(amz[i].Value);
        }

        sb.Append(amz.Count > 0 ? "\n" : string.Empty);
        sb.Append(bucket is null ? string.Empty : "/" + bucket).Append(path.Length == 0 ? "/" : path);
        var subs = query.Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => (Key: Decode(p.Split('=')[0]), Value: p.Contains('=', StringComparison.Ordinal) ? Decode(p[(p.IndexOf('=', StringComparison.Ordinal) + 1)..]) : null))
            .Where(p => Array.BinarySearch(SubResources, p.Key, StringComparer.Ordinal) >= 0)
            .Select((p, i) => (p, i)).OrderBy(x => x.p.Key, StringComparer.Ordinal).ThenBy(x => x.i).Select(x => x.p).ToList();
        for (int i = 0; i < subs.Count; i++)
        {
            sb.Append(i == 0 ? '?' : '&').Append(subs[i].Key).Append(subs[i].Value is null ? string.Empty : "=" + subs[i].Value);
        }

        return sb.ToString();
    }

    public static string Signature(string secret, string stringToSign) =>
#pragma warning disable CA5350 // SigV2 is HMAC-SHA1 by protocol
        Convert.ToBase64String(HMACSHA1.HashData(Encoding.ASCII.GetBytes(secret), Encoding.UTF8.GetBytes(stringToSign)));
#pragma warning restore CA5350

    private static string Find(HttpHeader[] headers, string name) =>
        headers.FirstOrDefault(h => h.Name.Equals(name, StringComparison.OrdinalIgnoreCase)).Value?.Trim(' ', '\t') ?? string.Empty;

    private static string Fold(string value) =>
        string.Join(' ', value.Trim(' ', '\t').Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries));

    /// <summary>Valid %XY escapes and + as a space, the bytes read as UTF-8.</summary>
    private static string Decode(string text)
    {
        var bytes = new List<byte>();
        for (int i = 0; i < text.Length;)
        {
            if (text[i] == '%' && i + 2 < text.Length && byte.TryParse(text.AsSpan(i + 1, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out byte b))
            {
                bytes.Add(b);
                i += 3;
            }
            else if (text[i] == '+')
            {
                bytes.Add((byte)' ');
                i++;
            }
            else
            {
                int n = char.IsSurrogatePair(text, i) ? 2 : 1;
                bytes.AddRange(Encoding.UTF8.GetBytes(text.Substring(i, n)));
                i += n;
            }
        }

        return Encoding.UTF8.GetString([.. bytes]);
    }
}
