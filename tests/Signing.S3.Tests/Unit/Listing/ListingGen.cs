using FsCheck;
using FsCheck.Fluent;

namespace Signing.S3.Tests.Unit.Listing;

/// <summary>
/// FsCheck generators of listing pages: what S3 servers write, then the awkward parts of XML a
/// listing may legally carry (entities, character references, CDATA, comments, processing
/// instructions, URL-encoded and non-ASCII keys, white-space keys, carriage returns, namespace
/// prefixes, attributes, pretty-printing, loose text), some malformed pieces, and byte-level
/// corruption of the whole.
/// </summary>
internal static class ListingGen
{
    private static readonly string[] Common =
    [
        "logs/", "a%20b", "x+y", "%C3%A9", "2026", "key.txt", "-", "~", "/", "&amp;", "&lt;", "&gt;", "&quot;", "&apos;", "=", "'", "\"",
    ];

    private static readonly string[] Awkward =
    [
        " ", "  ", "\t", "\n", "\r\n", "\r", "é", "日本", "😀", "\u007F", "\u0085", "&#65;", "&#x1F600;", "&#xD;", "&#0000009;", "&#x20;",
        "<![CDATA[a<b&c]]>", "<![CDATA[]]>", "<![CDATA[\r\n]]>", "<!-- c -->", "<!---->", "<?pi x?>", "<?pi?>", "]]", "]", ">", "%",
    ];

    private static readonly string[] Broken =
    [
        "&unknown;", "&#0;", "&#xFFFE;", "&#xD800;", "&#x110000;", "&#;", "&#x;", "&#X41;", "\u0001", "]]>", "<b/>", "&", "& ", "<!-- a -- b -->",
        "\uFFFE", "<", "<![CDATA[x", "<!DOCTYPE a>", "<?xml version=\"1.0\"?>",
    ];

    private static readonly string[] Prologs =
    [
        "", "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", "\uFEFF<?xml version=\"1.0\" encoding=\"UTF-8\"?>", "<?xml version='1.0' encoding='utf-8'?>",
        "<?xml version=\"1.0\"?>", "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\r\n", "<!-- before -->\n", "<?xml-stylesheet href=\"x\"?>",
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><!-- c --><?pi?>\n",
    ];

    /// <summary>Between elements: nothing, pretty-printing, comments, PIs, and now and then loose text.</summary>
    private static readonly string[] Gaps = ["", "", "", "\n", "\n  ", "\r\n\t", " ", "<!-- note -->", "<?pi data?>", "loose &amp; text", "<![CDATA[loose]]>"];

    /// <summary>Key-like text.</summary>
    public static Gen<string> Text { get; } =
        Gen.Frequency((80, Gen.Elements(Common)), (12, Gen.Elements(Awkward)), (1, Gen.Elements(Broken)))
            .ListOf().Resize(6).Select(string.Concat);

    /// <summary>A whole page, as UTF-8 bytes.</summary>
    public static Gen<byte[]> Page { get; } =
        from prolog in Gen.Elements(Prologs)
        from root in Gen.Elements(
            ("ListBucketResult", " xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"", ""),
            ("ListBucketResult", "", ""),
            ("s3:ListBucketResult", " xmlns:s3=\"http://s3.amazonaws.com/doc/2006-03-01/\"", "s3:"),
            ("ListBucketResult", " xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"", ""),
            ("ListBucketResult", " xmlns:s3='u' xml:lang=\"en\" a=\"1 &amp; &#65;\"", "s3:"),
            ("ListBucketResult", " xmlns:p=\"u\" p:a=\"1\"", ""),
            ("ListBucketResult", " a=\"1\" a=\"2\"", ""),
            ("s3:ListBucketResult", "", "s3:"))
        from gap in Gen.Elements(Gaps)
        from fields in Fields()
        from contents in Gen.Frequency((10, Contents()), (1, Gen.Constant("<Contents/>"))).ListOf().Resize(8)
        from prefixes in Gen.Frequency((6, Text.Select(t => "<CommonPrefixes><Prefix>" + t + "</Prefix></CommonPrefixes>")), (1, Gen.Constant("<CommonPrefixes/>")),
            (1, Text.Select(t => "<CommonPrefixes>\n<Prefix>a</Prefix><Other x=\"1\">y</Other><Prefix>" + t + "</Prefix></CommonPrefixes>"))).ListOf().Resize(3)
        from order in Gen.Shuffle(fields.Concat(contents).Concat(prefixes))
        from prefix in Gen.Elements("", "", "", root.Item3)
        from tail in Gen.Elements("", "", "", "", "", "\n", "<!-- after -->", " x", "<a/>")
        select System.Text.Encoding.UTF8.GetBytes(
            prolog + "<" + root.Item1 + root.Item2 + ">" + string.Concat(order.Select(part => gap + Prefixed(part, prefix))) + gap + "</" + root.Item1 + ">" + tail);

    /// <summary>A page, sometimes with one byte cut, dropped, inserted or replaced.</summary>
    public static Gen<byte[]> MaybeCorrupted { get; } =
        from page in Page
        from corrupt in Gen.Frequency((3, Gen.Constant(false)), (1, Gen.Constant(true)))
        from at in Gen.Choose(0, Math.Max(0, page.Length - 1))
        from how in Gen.Choose(0, 3)
        from b in Gen.Elements("<>&/\"'=: x\u0001]\r;#"u8.ToArray().Append((byte)0xC3).Append((byte)0xFF).ToArray())
        select !corrupt || page.Length == 0 ? page : how switch
        {
            0 => page[..at],
            1 => [.. page[..at], .. page[(at + 1)..]],
            2 => [.. page[..at], b, .. page[at..]],
            _ => [.. page[..at], b, .. page[(at + 1)..]],
        };

    private static Gen<string[]> Fields() =>
        from name in Text
        from truncated in Gen.Elements("true", "false", "TRUE", "", " true")
        from encoding in Gen.Elements("url", "URL", "none", "")
        from token in Text
        from marker in Text
        from which in Gen.SubListOf(new[] { 0, 1, 2, 3, 4, 5 })
        select which.Select(i => i switch
        {
            0 => "<Name>" + name + "</Name>",
            1 => "<IsTruncated>" + truncated + "</IsTruncated>",
            2 => "<EncodingType>" + encoding + "</EncodingType>",
            3 => "<NextContinuationToken>" + token + "</NextContinuationToken>",
            4 => marker.Length == 0 ? "<NextMarker/>" : "<NextMarker>" + marker + "</NextMarker>",
            _ => "<KeyCount>3</KeyCount><MaxKeys>1000</MaxKeys>",
        }).ToArray();

    private static Gen<string> Contents() =>
        from key in Text
        from time in Gen.Elements("2026-11-21T01:02:03.000Z", "2026-11-21T01:02:03Z", "2026-11-21T01:02:03.1234567Z", "Sat, 21 Nov 2026 01:02:03 GMT", "2026-02-30T00:00:00Z", "soon", new string('1', 70), "", " 2026-11-21T01:02:03Z")
        from etag in Gen.Elements("&quot;d41d8cd98f00b204e9800998ecf8427e&quot;", "\"abc-2\"", "&apos;x&apos;", "", "<![CDATA[\"cd\"]]>")
        from size in Gen.Elements("0", "1024", "99999999999999999999", "-1", "12a", "", " 5", "&#49;2")
        from storage in Gen.Elements("<StorageClass>STANDARD</StorageClass>", "<StorageClass/>", "<StorageClass>GLACIER</StorageClass>", "<StorageClass>CUSTOM</StorageClass>", "<StorageClass>STANDARD </StorageClass>")
        from owner in Text.Select(t => "<Owner xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:type=\"CanonicalUser\">\n<ID>75aa57f09aa0</ID><DisplayName>" + t + "</DisplayName></Owner>")
        from second in Text
        from which in Gen.SubListOf(new[] { 0, 1, 2, 3, 4, 5, 6, 7 })
        from order in Gen.Shuffle(which.ToArray())
        select "<Contents>" + string.Concat(order.Select(i => i switch
        {
            0 => "<Key>" + key + "</Key>",
            1 => "<LastModified>" + time + "</LastModified>",
            2 => "<ETag>" + etag + "</ETag>",
            3 => "<Size>" + size + "</Size>",
            4 => storage,
            5 => owner,
            6 => "<ChecksumAlgorithm>CRC64NVME</ChecksumAlgorithm>",
            _ => "<Key>" + second + "</Key>", // a second Key: the last one counts
        })) + "</Contents>";

    /// <summary>The page's element names with a namespace prefix (the tags it opens and closes, not the text).</summary>
    private static string Prefixed(string part, string prefix) =>
        prefix.Length == 0 ? part : System.Text.RegularExpressions.Regex.Replace(part, "<(/?)(Contents|Key|ETag|Size|CommonPrefixes|Prefix|IsTruncated|NextMarker)([ />])", "<$1" + prefix + "$2$3");
}
