using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Signing.Tests.Vectors;

/// <summary>One case of testvectors/ (format described in testvectors/README.md).</summary>
public sealed class VectorCase
{
    private VectorCase(string set, JsonElement root)
    {
        Set = set;
        Root = root;
    }

    public string Set { get; }

    public JsonElement Root { get; }

    public string Name => Root.GetProperty("name").GetString()!;

    public string Algorithm => Root.GetProperty("algorithm").GetString()!;

    public string? Skip => Str(Root, "skip");

    public string Method => Request.GetProperty("method").GetString()!;

    public JsonElement Request => Root.GetProperty("request");

    public string Target => Request.GetProperty("target").GetString()!;

    public string Path => Target.Split('?', 2)[0];

    public string Query => Target.Contains('?') ? Target.Split('?', 2)[1] : string.Empty;

    public HttpHeader[] Headers => [.. Request.GetProperty("headers").EnumerateArray().Select(h => new HttpHeader(h[0].GetString()!, h[1].GetString()!))];

    public string? Bucket => Str(Request, "bucket");

    public JsonElement? Header => Root.TryGetProperty("header", out var h) && h.ValueKind == JsonValueKind.Object ? h : null;

    public JsonElement? QueryExpect => Root.TryGetProperty("query", out var q) && q.ValueKind == JsonValueKind.Object ? q : null;

    public AwsCredentials Credentials
    {
        get
        {
            var c = Root.GetProperty("credentials");
            return new AwsCredentials(c.GetProperty("accessKeyId").GetString()!, c.GetProperty("secretAccessKey").GetString()!, Str(c, "sessionToken"));
        }
    }

    public DateTimeOffset Timestamp => DateTimeOffset.ParseExact(Root.GetProperty("timestamp").GetString()!, "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    public string Region => Root.GetProperty("region").GetString()!;

    public string Service => Root.GetProperty("service").GetString()!;

    public SigningOptions Options => new()
    {
        PathEncoding = Bool("doubleEncodePath") ? PathEncoding.Double : PathEncoding.Single,
        PathNormalization = Bool("normalizePath") ? PathNormalization.Normalize : PathNormalization.None,
        ContentSha256Header = !Bool("signBody") ? ContentSha256Header.Omit
            : Root.TryGetProperty("signBodyWhenPresigning", out var p) && p.ValueKind == JsonValueKind.False ? ContentSha256Header.Include
            : ContentSha256Header.IncludeWhenPresigning,
        SessionToken = Bool("omitSessionToken") ? SessionTokenSigning.AppendedAfterSigning : SessionTokenSigning.Signed,
    };

    public TimeSpan Expires => TimeSpan.FromSeconds(Root.TryGetProperty("expiresSeconds", out var e) && e.ValueKind == JsonValueKind.Number ? e.GetInt64() : 3600);

    /// <summary>The explicit payload hash, else the SHA-256 of the body.</summary>
    public string PayloadHash => Str(Request, "payloadHash")
        ?? Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(Str(Request, "body") ?? string.Empty))).ToLowerInvariant();

    public override string ToString() => $"{Set}/{Name}";

    /// <summary>
    /// A published canonical request or SigV2 string to sign as an explanation shows it: each
    /// session token (the credentials' one, and the value of an X-Amz-Security-Token header the
    /// request carries), raw or URL-encoded, as <c>&lt;redacted&gt;</c>.
    /// </summary>
    public string? Redacted(string? published)
    {
        var tokens = Headers.Where(h => h.Name.Equals("x-amz-security-token", StringComparison.OrdinalIgnoreCase)).Select(h => h.Value.Trim()).Append(Credentials.SessionToken);
        foreach (string? token in tokens)
        {
            if (published is not null && !string.IsNullOrEmpty(token))
            {
                published = published.Replace(token, "<redacted>", StringComparison.Ordinal).Replace(Uri.EscapeDataString(token), "<redacted>", StringComparison.Ordinal);
            }
        }

        return published;
    }

    public static IEnumerable<VectorCase> Load(string algorithm)
    {
        string root = System.IO.Path.Combine(AppContext.BaseDirectory, "testvectors");
        foreach (string dir in Directory.GetDirectories(root).Order(StringComparer.Ordinal))
        {
            foreach (string file in Directory.GetFiles(dir, "*.json").Order(StringComparer.Ordinal))
            {
                using var doc = JsonDocument.Parse(File.ReadAllText(file));
                var c = new VectorCase(System.IO.Path.GetFileName(dir), doc.RootElement.Clone());
                if (c.Algorithm == algorithm)
                {
                    yield return c;
                }
            }
        }
    }

    public static TheoryData<string> Names(string algorithm, Func<VectorCase, bool> filter)
    {
        var data = new TheoryData<string>();
        foreach (var c in Load(algorithm).Where(filter))
        {
            data.Add(c.ToString());
        }

        return data;
    }

    public static VectorCase Get(string algorithm, string id) => Load(algorithm).Single(c => c.ToString() == id);

    public static string? Str(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private bool Bool(string name) => Root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.True;
}
