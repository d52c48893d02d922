using System.Text;
using System.Xml;
using Signing.S3.Internal;

namespace Signing.S3.Tests.Unit;

/// <summary>
/// The fast listing scanner against the XmlReader path: whatever page the scanner accepts, XmlReader
/// reads the same page from (and does not reject); what it declines goes to XmlReader anyway.
/// </summary>
public sealed class ListingScannerTests
{
    private const string Declaration = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>";
    private const string Root = "<ListBucketResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">";

    [Fact]
    public void ListingScanner_TryRead_AcceptsWhatS3Sends()
    {
        string xml = Declaration + "\n" + Root
            + "<Name>b</Name><Prefix></Prefix><KeyCount>2</KeyCount><MaxKeys>1000</MaxKeys><EncodingType>url</EncodingType><IsTruncated>true</IsTruncated>"
            + "<Contents><Key>a%20b</Key><LastModified>2026-11-21T01:02:03.000Z</LastModified><ETag>&quot;9b2cf535f27731c974343645a3985328&quot;</ETag><ChecksumAlgorithm>CRC64NVME</ChecksumAlgorithm><ChecksumType>FULL_OBJECT</ChecksumType><Size>1024</Size><Owner><ID>x</ID><DisplayName>y</DisplayName></Owner><StorageClass>STANDARD</StorageClass></Contents>"
            + "<Contents/>"
            + "<CommonPrefixes><Prefix>logs/</Prefix></CommonPrefixes>"
            + "<NextContinuationToken>1ueGcxLPRx1Tr/XYExHnhbYLgveDs2J/wm36Hy4vbOwM=</NextContinuationToken></ListBucketResult>";
        byte[] bytes = Encoding.UTF8.GetBytes(xml);
        Assert.True(ListingScanner.TryRead(bytes, out var page));
        AssertSame(ListingReader.Parse(bytes, bytes.Length, default), page, xml);
        Assert.Equal(new S3Object("a%20b", 1024, new DateTimeOffset(2026, 11, 21, 1, 2, 3, TimeSpan.Zero), "\"9b2cf535f27731c974343645a3985328\"", "STANDARD"), page.Objects[0]);
        Assert.Equal(new S3Object(string.Empty, 0, null, null, null), page.Objects[1]);
        Assert.True(page.UrlEncoded);
        Assert.True(page.IsTruncated);
        Assert.Equal(new[] { "logs/" }, page.Prefixes);
    }

    [Theory]
    [InlineData("<a><!-- c --></a>")]
    [InlineData("<a><Contents><Key><![CDATA[k]]></Key></Contents></a>")]
    [InlineData("<!DOCTYPE a><a/>")]
    [InlineData("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><a/>")]
    [InlineData("<a>\r\n<IsTruncated>true</IsTruncated></a>")]
    [InlineData("<a><Contents><Key>&#65;</Key></Contents></a>")]
    [InlineData("<a><Contents><Key>é</Key></Contents></a>")]
    [InlineData("<a><Contents><Key> </Key></Contents></a>")]
    [InlineData("<s3:a xmlns:s3=\"u\"/>")]
    [InlineData("<a><Contents x=\"1\"/></a>")]
    [InlineData("<a><b></c></a>")]
    [InlineData("<a x=\"1\" x=\"2\"/>")]
    [InlineData("<a/><b/>")]
    public void ListingScanner_TryRead_LeavesTheUnusualToXmlReader(string xml) =>
        Assert.False(ListingScanner.TryRead(Encoding.UTF8.GetBytes(xml), out _));

    /// <summary>Random listings, some pretty-printed, some unusual, some broken: where the scanner answers, it answers as XmlReader does.</summary>
    [Fact]
    public void ListingScanner_TryRead_SamePageAsXmlReader()
    {
        var random = new Random(0x5CA_77E2);
        int accepted = 0;
        const int Cases = 5000;
        for (int i = 0; i < Cases; i++)
        {
            string xml = RandomListing(random);
            byte[] bytes = Encoding.UTF8.GetBytes(xml);
            if (random.Next(4) == 0)
            {
                bytes = Corrupt(bytes, random);
            }

            ListingPage? expected;
            try
            {
                expected = ListingReader.Parse(bytes, bytes.Length, default);
            }
            catch (XmlException)
            {
                expected = null;
            }

            if (ListingScanner.TryRead(bytes, out var page))
            {
                string shown = Encoding.UTF8.GetString(bytes);
                Assert.True(expected is not null, $"scanner accepted what XmlReader rejects: {shown}");
                AssertSame(expected!, page, shown);
                accepted++;
            }
        }

        Assert.True(accepted > Cases / 5, $"the scanner took only {accepted} of {Cases} pages");
    }

    private static void AssertSame(ListingPage expected, ListingPage actual, string xml)
    {
        Assert.True(expected.Objects.SequenceEqual(actual.Objects), $"objects differ: {xml}");
        Assert.True(expected.Prefixes.SequenceEqual(actual.Prefixes), $"prefixes differ: {xml}");
        Assert.True(expected.IsTruncated == actual.IsTruncated, $"IsTruncated differs: {xml}");
        Assert.True(expected.NextContinuationToken == actual.NextContinuationToken, $"NextContinuationToken differs: {xml}");
        Assert.True(expected.NextMarker == actual.NextMarker, $"NextMarker differs: {xml}");
        Assert.True(expected.UrlEncoded == actual.UrlEncoded, $"UrlEncoded differs: {xml}");
    }

    private static string RandomListing(Random r)
    {
        string nl = r.Next(3) switch { 0 => string.Empty, 1 => "\n", _ => "\n  " };
        var sb = new StringBuilder();
        sb.Append(r.Next(6) switch
        {
            0 => string.Empty,
            1 => "\uFEFF" + Declaration,
            2 => "<?xml version='1.0' encoding='utf-8'?>",
            3 => "<?xml version=\"1.0\"?>",
            4 => "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>",
            _ => Declaration,
        }).Append(nl);
        sb.Append(r.Next(9) switch
        {
            0 => "<ListBucketResult>",
            1 => "<ListBucketResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">",
            2 => "<ListBucketResult xmlns='http://s3.amazonaws.com/doc/2006-03-01/' >",
            3 => "<ListBucketResult xmlns=\"\" a=\"1\">",
            4 => "<ListBucketResult xml:lang=\"en\">",
            5 => "<ListBucketResult xmlns:p=\"\">",
            6 => "<ListBucketResult p:a=\"1\" xmlns:p=\"u\">",
            _ => Root,
        });
        var parts = new List<string>
        {
            "<Name>bucket</Name>", "<Prefix>" + Text(r) + "</Prefix>", "<MaxKeys>1000</MaxKeys>", "<KeyCount>3</KeyCount>",
            "<IsTruncated>" + Pick(r, "true", "false", "TRUE", "") + "</IsTruncated>",
        };
        if (r.Next(2) == 0)
        {
            parts.Add("<EncodingType>" + Pick(r, "url", "URL", "none") + "</EncodingType>");
        }

        if (r.Next(2) == 0)
        {
            parts.Add("<NextContinuationToken>" + Text(r) + "</NextContinuationToken>");
        }

        if (r.Next(3) == 0)
        {
            parts.Add(r.Next(2) == 0 ? "<NextMarker>" + Text(r) + "</NextMarker>" : "<NextMarker/>");
        }

        for (int i = r.Next(6); i > 0; i--)
        {
            parts.Add(Contents(r, nl));
        }

        for (int i = r.Next(3); i > 0; i--)
        {
            parts.Add(r.Next(4) == 0 ? "<CommonPrefixes/>" : "<CommonPrefixes>" + nl + "<Prefix>" + Text(r) + "</Prefix>" + (r.Next(3) == 0 ? "<Other>x</Other>" : string.Empty) + nl + "</CommonPrefixes>");
        }

        if (r.Next(10) == 0)
        {
            parts.Add(Pick(r, "<!-- note -->", "<![CDATA[x]]>", "loose text", "<?pi x?>", "<Extra a=\"1\">x</Extra>"));
        }

        foreach (string part in parts.OrderBy(_ => r.Next()))
        {
            sb.Append(nl).Append(part);
        }

        sb.Append(nl).Append("</ListBucketResult>").Append(r.Next(4) == 0 ? "\n" : string.Empty);
        return sb.ToString();
    }

    private static string Contents(Random r, string nl)
    {
        if (r.Next(12) == 0)
        {
            return "<Contents/>";
        }

        var fields = new List<string>
        {
            "<Key>" + Text(r) + "</Key>",
            "<LastModified>" + Pick(r, "2026-11-21T01:02:03.000Z", "2026-11-21T01:02:03Z", "2026-11-21T01:02:03.1234567Z", "Sat, 21 Nov 2026 01:02:03 GMT", "2026-02-30T00:00:00Z", "soon", new string('1', 70), string.Empty) + "</LastModified>",
            "<ETag>" + Pick(r, "&quot;d41d8cd98f00b204e9800998ecf8427e&quot;", "\"abc-2\"", "&apos;x&apos;", string.Empty) + "</ETag>",
            "<Size>" + Pick(r, "0", "1024", "99999999999999999999", "-1", "12a", string.Empty, " 5") + "</Size>",
            r.Next(4) == 0 ? "<StorageClass/>" : "<StorageClass>" + Pick(r, "STANDARD", "GLACIER", "CUSTOM_CLASS", "STANDARD ") + "</StorageClass>",
        };
        if (r.Next(3) == 0)
        {
            fields.Add("<Owner>" + nl + "<ID>75aa57f09aa0c8caeab4f8c24e99d10f8e7faeebf76c078efc7c6caea54ba06a</ID><DisplayName>" + Text(r) + "</DisplayName></Owner>");
        }

        if (r.Next(3) == 0)
        {
            fields.Add("<ChecksumAlgorithm>CRC64NVME</ChecksumAlgorithm>");
        }

        if (r.Next(8) == 0)
        {
            fields.Add("<Key>" + Text(r) + "</Key>"); // a second Key: the last one counts
        }

        return "<Contents>" + string.Concat(fields.OrderBy(_ => r.Next()).Select(f => nl + f)) + nl + "</Contents>";
    }

    /// <summary>Key-like text: URL-encoded, with entities, sometimes with characters the scanner leaves to XmlReader.</summary>
    private static string Text(Random r)
    {
        string[] pieces = ["logs/", "a%20b", "x+y", "&amp;", "&lt;", "&gt;", "&quot;", "&apos;", "~", "-", "2026", "key.txt", " ", "\t", "%C3%A9"];
        string[] rare = ["é", "&#65;", "&unknown;", "\r\n", "]]>", "\u0001", "<b/>"];
        var sb = new StringBuilder();
        for (int i = r.Next(0, 6); i > 0; i--)
        {
            sb.Append(r.Next(25) == 0 ? rare[r.Next(rare.Length)] : pieces[r.Next(pieces.Length)]);
        }

        return sb.ToString();
    }

    private static string Pick(Random r, params string[] choices) => choices[r.Next(choices.Length)];

    private static byte[] Corrupt(byte[] bytes, Random r)
    {
        if (bytes.Length == 0)
        {
            return bytes;
        }

        int at = r.Next(bytes.Length);
        return r.Next(4) switch
        {
            0 => bytes[..at],
            1 => [.. bytes[..at], .. bytes[(at + 1)..]],
            2 => [.. bytes[..at], (byte)r.Next(256), .. bytes[at..]],
            _ => [.. bytes[..at], (byte)"<>&/\"= x\u0001"[r.Next(9)], .. bytes[(at + 1)..]],
        };
    }
}
