using System.Globalization;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using G = Signing.Tests.Properties.SigningCaseGenerators;

namespace Signing.Tests.Properties;

/// <summary>
/// Anything a caller could pass: each field is sometimes valid (so calls get deep into the engine)
/// and sometimes junk (null, empty, control chars, non-ASCII, lone surrogates, huge).
/// </summary>
internal sealed record JunkCase(
    string? AccessKeyId,
    string? Secret,
    string? Token,
    string? Region,
    string? Service,
    SigningOptions Options,
    string? Method,
    string? Path,
    string? Query,
    HttpHeader[] Headers,
    string? Host,
    string? PayloadHash,
    TimeSpan Expires,
    DateTimeOffset Time,
    string? Bucket)
{
    public HttpRequestView View() => new(Method, Path, Query, Headers) { Host = Host, PayloadHash = PayloadHash };

    public override string ToString()
    {
        static string L(string? s) => s is { Length: > 300 } ? $"new string({PropertyRunner.Literal(s[..1])}[0], {s.Length}) /* {PropertyRunner.Literal(s[..40])}... */" : PropertyRunner.Literal(s);
        var sb = new StringBuilder("\nnew JunkCase(");
        sb.Append(L(AccessKeyId)).Append(", ").Append(L(Secret)).Append(", ").Append(L(Token)).Append(", ");
        sb.Append(L(Region)).Append(", ").Append(L(Service)).Append(", ");
        sb.Append(CultureInfo.InvariantCulture, $"new SigningOptions {{ PathEncoding = (PathEncoding){(int)Options.PathEncoding}, PathNormalization = (PathNormalization){(int)Options.PathNormalization}, ContentSha256Header = (ContentSha256Header){(int)Options.ContentSha256Header}, SessionToken = (SessionTokenSigning){(int)Options.SessionToken} }},\n  ");
        sb.Append(L(Method)).Append(", ").Append(L(Path)).Append(", ").Append(L(Query)).Append(",\n  [");
        foreach (var h in Headers.Take(20))
        {
            sb.Append("new(").Append(L(h.Name)).Append(", ").Append(L(h.Value)).Append("), ");
        }

        if (Headers.Length > 20)
        {
            sb.Append(CultureInfo.InvariantCulture, $"/* {Headers.Length - 20} more */");
        }

        sb.Append("],\n  ").Append(L(Host)).Append(", ").Append(L(PayloadHash)).Append(", ");
        sb.Append(CultureInfo.InvariantCulture, $"TimeSpan.FromTicks({Expires.Ticks}), new DateTimeOffset({Time.UtcTicks}, TimeSpan.Zero), ").Append(L(Bucket)).Append(')');
        return sb.ToString();
    }
}

internal static class JunkGenerators
{
    public static readonly Gen<string> AnyChar = Gen.Frequency(
        (4, Gen.Choose(0x20, 0x7E).Select(i => ((char)i).ToString())),
        (2, Gen.Choose(0, 0x1F).Select(i => ((char)i).ToString())),
        (2, Gen.Choose(0x7F, 0xFFFF).Select(i => ((char)i).ToString())),
        (1, G.Astral));

    /// <summary>Junk text: null, empty, white space, random chars, or huge.</summary>
    public static readonly Gen<string?> Junk = Gen.Frequency(
        (1, Gen.Constant<string?>(null)),
        (1, Gen.Constant<string?>(string.Empty)),
        (1, Gen.Elements<string?>(" ", "\t", "\r\n", "\0", "/", "%", "\uD800", "é")),
        (6, G.Concat(AnyChar, 12).Select(s => (string?)s)),
        (1, from n in Gen.Choose(10_000, 100_000) from c in AnyChar select (string?)string.Concat(Enumerable.Repeat(c, n / c.Length))));

    public static Gen<string?> ValidOr(Gen<string> valid) => Gen.Frequency((3, valid.Select(s => (string?)s)), (1, Junk));

    public static readonly Gen<HttpHeader> Header = Gen.Frequency(
        (6, from n in G.HeaderName from v in G.HeaderValue select new HttpHeader(n, v)),
        (1, Gen.Constant(default(HttpHeader))),
        (1, from n in Gen.Elements("Date", "Content-MD5", "Content-Type", "x-amz-date", "Host", "x-amz-content-sha256", "X-Amz-Meta-A") select new HttpHeader(n, null!)),
        (2, from n in ValidOr(G.HeaderName) from v in ValidOr(G.HeaderValue) select new HttpHeader(n!, v!)),
        (1, from n in Gen.Elements("bad name", "naïve", "a:b", "a\tb", "(x)", "a/b") from v in Junk select new HttpHeader(n, v!)));

    public static readonly Gen<HttpHeader[]> Headers = Gen.Frequency(
        (8, Gen.Choose(0, 8).SelectMany(n => Gen.ArrayOf(Header, n))),
        (1, from n in Gen.Choose(200, 1000) from h in Header select Enumerable.Repeat(h, n).ToArray()));

    public static readonly Gen<TimeSpan> Expires = Gen.Frequency(
        (3, Gen.Choose(1, 604800).Select(s => TimeSpan.FromSeconds(s))),
        (2, Gen.Elements(TimeSpan.Zero, TimeSpan.FromTicks(1), TimeSpan.FromSeconds(0.999), TimeSpan.FromSeconds(604800.5), TimeSpan.FromSeconds(604801), TimeSpan.FromSeconds(-1), TimeSpan.MinValue, TimeSpan.MaxValue, TimeSpan.FromDays(365))),
        (1, Gen.Choose(int.MinValue, int.MaxValue).Select(s => TimeSpan.FromSeconds(s))));

    public static readonly Gen<DateTimeOffset> Time = Gen.Frequency(
        (4, G.Time),
        (1, Gen.Elements(DateTimeOffset.MinValue, DateTimeOffset.MaxValue, DateTimeOffset.UnixEpoch, new DateTimeOffset(9999, 12, 31, 9, 59, 59, TimeSpan.FromHours(-14)), new DateTimeOffset(1, 1, 1, 14, 0, 0, TimeSpan.FromHours(14)))));

    public static readonly Gen<SigningOptions> Options = Gen.Frequency(
        (4, G.AnyOptions),
        (1, from a in Gen.Choose(-1, 3) from b in Gen.Choose(-1, 3) from c in Gen.Choose(-1, 3) from d in Gen.Choose(-1, 3)
            select new SigningOptions { PathEncoding = (PathEncoding)a, PathNormalization = (PathNormalization)b, ContentSha256Header = (ContentSha256Header)c, SessionToken = (SessionTokenSigning)d }));

    public static readonly Gen<JunkCase> Cases =
        from accessKeyId in ValidOr(Gen.Elements("AKIDEXAMPLE", "account:user"))
        from secret in ValidOr(G.Secret.Select(s => "SECRET" + s))
        from token in Gen.Frequency((2, Gen.Constant<string?>(null)), (2, G.Secret.Select(s => (string?)("TOKEN" + s))), (1, Junk.Select(s => s is null ? null : "TOKEN" + s)))
        from region in ValidOr(G.Region)
        from service in ValidOr(G.Service)
        from options in Options
        from method in ValidOr(G.Method)
        from path in ValidOr(G.Path)
        from query in ValidOr(G.Query)
        from headers in Headers
        from host in ValidOr(G.Host)
        from payload in Gen.Frequency((3, Gen.Constant<string?>(string.Empty)), (1, ValidOr(G.PayloadHash)))
        from expires in Expires
        from time in Time
        from bucket in Gen.Frequency((3, Gen.Constant<string?>(null)), (1, ValidOr(Gen.Elements("bucket", "my.bucket"))))
        select new JunkCase(accessKeyId, secret, token, region, service, options, method, path, query, headers, host, payload, expires, time, bucket);

    private static readonly JunkCase Plain = new(
        "AKIDEXAMPLE", "SECRETSECRETSECRET", null, "us-east-1", "s3", default, "GET", "/", string.Empty, [], "example.com", string.Empty,
        TimeSpan.FromMinutes(5), new DateTimeOffset(2015, 8, 30, 12, 36, 0, TimeSpan.Zero), null);

    /// <summary>Toward <see cref="Plain"/>: drop headers, then set each field to its plain value, then halve huge strings.</summary>
    public static IEnumerable<JunkCase> Shrink(JunkCase c)
    {
        if (c.Headers.Length > 8)
        {
            yield return c with { Headers = c.Headers[..(c.Headers.Length / 2)] };
        }

        for (int i = 0; i < c.Headers.Length && c.Headers.Length <= 8; i++)
        {
            yield return c with { Headers = [.. c.Headers[..i], .. c.Headers[(i + 1)..]] };
        }

        var candidates = new JunkCase[]
        {
            c with { AccessKeyId = Plain.AccessKeyId }, c with { Secret = Plain.Secret }, c with { Token = null },
            c with { Region = Plain.Region }, c with { Service = Plain.Service }, c with { Options = default },
            c with { Method = Plain.Method }, c with { Path = Plain.Path }, c with { Query = Plain.Query },
            c with { Host = Plain.Host }, c with { PayloadHash = Plain.PayloadHash }, c with { Expires = Plain.Expires },
            c with { Time = Plain.Time }, c with { Bucket = null },
        };
        foreach (var candidate in candidates)
        {
            if (candidate != c)
            {
                yield return candidate;
            }
        }

        foreach (var h in new[] { c.Path, c.Query, c.Host, c.Method, c.PayloadHash })
        {
            if (h is { Length: > 1 })
            {
                string half = h[..(h.Length / 2)];
                yield return h == c.Path ? c with { Path = half } : h == c.Query ? c with { Query = half } : h == c.Host ? c with { Host = half } : h == c.Method ? c with { Method = half } : c with { PayloadHash = half };
            }
        }
    }
}
