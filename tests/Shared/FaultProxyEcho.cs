using System.Security;
using System.Security.Cryptography;
using System.Text;

namespace Signing.TestSupport;

// Part of FaultProxy (see FaultProxy.cs): the SignatureDoesNotMatch answer that echoes what a
// server signed, as Swift's s3api and AWS S3 send it.

/// <summary>Builds a server's view of a signed request: its canonical request and string to sign.</summary>
internal static class CanonicalEcho
{
    private static readonly string[] SubResources =
    [
        "acl", "cors", "delete", "lifecycle", "location", "logging", "notification", "partNumber", "policy",
        "requestPayment", "response-cache-control", "response-content-disposition", "response-content-encoding",
        "response-content-language", "response-content-type", "response-expires", "tagging", "torrent",
        "uploadId", "uploads", "versionId", "versioning", "versions", "website",
    ];

    /// <summary>403 SignatureDoesNotMatch whose body carries the StringToSign (and for SigV4 the CanonicalRequest).</summary>
    public static FaultResponse Build(ProxiedRequest request, bool withBytes)
    {
        var query = ParseQuery(request.Query);
        string auth = request.Header("Authorization") ?? "";
        string? accessKey;
        string stringToSign;
        string? canonical = null;
        string signature;
        if (auth.StartsWith("AWS4-HMAC-SHA256", StringComparison.Ordinal) || Find(query, "X-Amz-Algorithm") is not null)
        {
            bool presigned = !auth.StartsWith("AWS4", StringComparison.Ordinal);
            string credential = (presigned ? Find(query, "X-Amz-Credential") : Part(auth, "Credential")) ?? "";
            string signed = (presigned ? Find(query, "X-Amz-SignedHeaders") : Part(auth, "SignedHeaders")) ?? "";
            signature = (presigned ? Find(query, "X-Amz-Signature") : Part(auth, "Signature")) ?? "";
            string date = (presigned ? Find(query, "X-Amz-Date") : request.Header("x-amz-date")) ?? "";
            int slash = credential.IndexOf('/', StringComparison.Ordinal);
            accessKey = slash < 0 ? credential : credential[..slash];
            var lines = new List<string> { request.Method, CanonicalPath(request.Path), CanonicalQuery(query) };
            foreach (string name in signed.Split(';', StringSplitOptions.RemoveEmptyEntries))
            {
                lines.Add($"{name}:{HeaderValue(request, name)}");
            }

            lines.Add("");
            lines.Add(signed);
            lines.Add(presigned ? "UNSIGNED-PAYLOAD" : request.Header("x-amz-content-sha256") ?? "UNSIGNED-PAYLOAD");
            canonical = string.Join('\n', lines);
            string hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
            stringToSign = $"AWS4-HMAC-SHA256\n{date}\n{(slash < 0 ? "" : credential[(slash + 1)..])}\n{hash}";
        }
        else
        {
            // SigV2: "AWS AKID:signature", or presigned with AWSAccessKeyId, Expires and Signature.
            bool presigned = !auth.StartsWith("AWS ", StringComparison.Ordinal);
            string id = presigned ? "" : auth[4..];
            int colon = id.LastIndexOf(':');
            accessKey = presigned ? Find(query, "AWSAccessKeyId") : colon < 0 ? id : id[..colon];
            signature = (presigned ? Find(query, "Signature") : colon < 0 ? "" : id[(colon + 1)..]) ?? "";
            string date = presigned ? Find(query, "Expires") ?? "" : request.HasHeader("x-amz-date") ? "" : request.Header("Date") ?? "";
            var text = new StringBuilder()
                .Append(request.Method).Append('\n')
                .Append(request.Header("Content-MD5") ?? "").Append('\n')
                .Append(request.Header("Content-Type") ?? "").Append('\n')
                .Append(date).Append('\n');
            // x-amz-* headers (for a presigned URL, x-amz-* query parameters such as the token count as headers).
            var amz = request.Headers.Select(h => new KeyValuePair<string, string>(h.Key.ToLowerInvariant(), h.Value))
                .Concat(presigned ? query.Select(p => new KeyValuePair<string, string>(p.Key.ToLowerInvariant(), p.Value)) : [])
                .Where(h => h.Key.StartsWith("x-amz-", StringComparison.Ordinal))
                .GroupBy(h => h.Key, StringComparer.Ordinal)
                .OrderBy(g => g.Key, StringComparer.Ordinal);
            foreach (var header in amz)
            {
                text.Append(header.Key).Append(':').AppendJoin(',', header.Select(h => Collapse(h.Value))).Append('\n');
            }

            text.Append(request.Path);
            var sub = query.Where(p => SubResources.Contains(p.Key, StringComparer.Ordinal)).OrderBy(p => p.Key, StringComparer.Ordinal).ToList();
            if (sub.Count > 0)
            {
                text.Append('?').AppendJoin('&', sub.Select(p => p.Value.Length == 0 ? p.Key : $"{p.Key}={p.Value}"));
            }

            stringToSign = text.ToString();
        }

        var xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>SignatureDoesNotMatch</Code>")
            .Append("<Message>The request signature we calculated does not match the signature you provided. Check your key and signing method.</Message>")
            .Append("<AWSAccessKeyId>").Append(Escape(accessKey ?? "")).Append("</AWSAccessKeyId>")
            .Append("<StringToSign>").Append(Escape(stringToSign)).Append("</StringToSign>")
            .Append("<SignatureProvided>").Append(Escape(signature)).Append("</SignatureProvided>");
        if (withBytes)
        {
            xml.Append("<StringToSignBytes>").Append(HexBytes(stringToSign)).Append("</StringToSignBytes>");
        }

        if (canonical is not null)
        {
            xml.Append("<CanonicalRequest>").Append(Escape(canonical)).Append("</CanonicalRequest>");
            if (withBytes)
            {
                xml.Append("<CanonicalRequestBytes>").Append(HexBytes(canonical)).Append("</CanonicalRequestBytes>");
            }
        }

        xml.Append("<RequestId>faultproxy-echo</RequestId><HostId>faultproxy</HostId></Error>");
        return new FaultResponse(403, [new("Content-Type", "application/xml")], Encoding.UTF8.GetBytes(xml.ToString()));
    }

    /// <summary>A header's canonical value: every field of that name, trimmed, inner runs of spaces collapsed, joined with commas.</summary>
    private static string HeaderValue(ProxiedRequest request, string name) => string.Join(',', request.Headers
        .Where(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase))
        .Select(h => Collapse(h.Value)));

    private static string Collapse(string value) => string.Join(' ', value.Split(' ', StringSplitOptions.RemoveEmptyEntries));

    private static List<KeyValuePair<string, string>> ParseQuery(string query) =>
        [.. query.Split('&', StringSplitOptions.RemoveEmptyEntries).Select(p =>
        {
            int eq = p.IndexOf('=', StringComparison.Ordinal);
            return eq < 0 ? new KeyValuePair<string, string>(Decode(p), "") : new(Decode(p[..eq]), Decode(p[(eq + 1)..]));
        })];

    private static string? Find(List<KeyValuePair<string, string>> query, string name) =>
        query.FirstOrDefault(p => p.Key == name).Value;

    private static string CanonicalQuery(List<KeyValuePair<string, string>> query) => string.Join('&', query
        .Where(p => p.Key != "X-Amz-Signature")
        .Select(p => (Key: Encode(p.Key), Value: Encode(p.Value)))
        .OrderBy(p => p.Key, StringComparer.Ordinal).ThenBy(p => p.Value, StringComparer.Ordinal)
        .Select(p => $"{p.Key}={p.Value}"));

    private static string CanonicalPath(string path) => string.Join('/', path.Split('/').Select(s => Encode(Decode(s))));

    /// <summary>The value of <c>name=value</c> in an Authorization header's comma-separated parameters.</summary>
    private static string? Part(string auth, string name) => auth.Split(' ', 2)[^1].Split(',')
        .Select(p => p.Trim())
        .Where(p => p.StartsWith(name + "=", StringComparison.Ordinal))
        .Select(p => p[(name.Length + 1)..])
        .FirstOrDefault();

    private static string Decode(string s) => Uri.UnescapeDataString(s);

    private static string Encode(string s) => Uri.EscapeDataString(s);

    private static string Escape(string s) => SecurityElement.Escape(s);

    private static string HexBytes(string s) => string.Join(' ', Encoding.UTF8.GetBytes(s).Select(b => b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture)));
}
