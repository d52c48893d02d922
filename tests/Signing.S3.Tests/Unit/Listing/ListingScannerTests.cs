using System.Text;
using FsCheck;
using FsCheck.Fluent;
using Signing.S3.Internal;

namespace Signing.S3.Tests.Unit.Listing;

/// <summary>
/// The listing scanner, the S3 client's one listing parser, against <see cref="ReferenceListingParser"/>
/// (XmlReader): on generated pages, what one accepts the other accepts with the same page, and what
/// XmlReader finds malformed the scanner refuses with a message.
/// </summary>
public sealed class ListingScannerTests
{
    private const string Declaration = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>";
    private const string Root = "<ListBucketResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">";

    [Fact]
    public void ListingScanner_TryRead_ReadsWhatS3Sends()
    {
        string xml = Declaration + "\n" + Root
            + "<Name>b</Name><Prefix></Prefix><KeyCount>2</KeyCount><MaxKeys>1000</MaxKeys><EncodingType>url</EncodingType><IsTruncated>true</IsTruncated>"
            + "<Contents><Key>a%20b</Key><LastModified>2026-11-21T01:02:03.000Z</LastModified><ETag>&quot;9b2cf535f27731c974343645a3985328&quot;</ETag><ChecksumAlgorithm>CRC64NVME</ChecksumAlgorithm><ChecksumType>FULL_OBJECT</ChecksumType><Size>1024</Size><Owner><ID>x</ID><DisplayName>y</DisplayName></Owner><StorageClass>STANDARD</StorageClass></Contents>"
            + "<Contents/>"
            + "<CommonPrefixes><Prefix>logs/</Prefix></CommonPrefixes>"
            + "<NextContinuationToken>1ueGcxLPRx1Tr/XYExHnhbYLgveDs2J/wm36Hy4vbOwM=</NextContinuationToken></ListBucketResult>";
        var page = Read(xml);
        AssertSame(ReferenceListingParser.TryParse(Encoding.UTF8.GetBytes(xml))!, page, xml);
        Assert.Equal(new S3Object("a%20b", 1024, new DateTimeOffset(2026, 11, 21, 1, 2, 3, TimeSpan.Zero), "\"9b2cf535f27731c974343645a3985328\"", "STANDARD"), page.Objects[0]);
        Assert.Equal(new S3Object(string.Empty, 0, null, null, null), page.Objects[1]);
        Assert.True(page.UrlEncoded);
        Assert.True(page.IsTruncated);
        Assert.Equal(new[] { "logs/" }, page.Prefixes);
    }

    /// <summary>What the scanner once left to an XmlReader fallback it now reads itself, as XML defines it.</summary>
    [Theory]
    [InlineData("<a><!-- c --><Contents><Key>k</Key></Contents></a>", "k")]
    [InlineData("<a><Contents><Key><![CDATA[a<b&c]]></Key></Contents></a>", "a<b&c")]
    [InlineData("<a>\r\n<Contents><Key>x\r\ny\rz&#xD;</Key></Contents></a>", "x\ny\nz\r")]
    [InlineData("<a><Contents><Key>&#65;&#x1F600;</Key></Contents></a>", "A😀")]
    [InlineData("<a><Contents><Key>é日本</Key></Contents></a>", "é日本")]
    [InlineData("<a><Contents><Key> </Key></Contents></a>", " ")]
    [InlineData("<s3:a xmlns:s3=\"u\"><s3:Contents><s3:Key>k</s3:Key></s3:Contents></s3:a>", "k")]
    [InlineData("<a xmlns:x=\"u\"><Contents x:y=\"1\" z='2'><Key a=\"&amp;\">k<?pi?>2</Key></Contents></a>", "k2")]
    public void ListingScanner_TryRead_ReadsAnyXmlOfAListing(string xml, string key)
    {
        Assert.Equal(key, Assert.Single(Read(xml).Objects).Key);
        Assert.Equal(key, Assert.Single(ReferenceListingParser.TryParse(Encoding.UTF8.GetBytes(xml))!.Objects).Key);
    }

    /// <summary>Not well-formed: refused, with what and where, as XmlReader refuses it.</summary>
    [Theory]
    [InlineData("<a><b></c></a>", "does not match its start tag")]
    [InlineData("<a x=\"1\" x=\"2\"/>", "attribute given twice")]
    [InlineData("<a/><b/>", "content after the root element")]
    [InlineData("<!DOCTYPE a><a/>", "DOCTYPE")]
    [InlineData("<a><Contents><Key>&unknown;</Key></Contents></a>", "undeclared entity")]
    [InlineData("<a><Contents><Key>&#0;</Key></Contents></a>", "does not allow")]
    [InlineData("<a><Contents><Key>\u0001</Key></Contents></a>", "U+0001")]
    [InlineData("<a><Contents><Key>x]]>y</Key></Contents></a>", "']]>' in text")]
    [InlineData("<a><Contents><Key>a<b/></Key></Contents></a>", "an element inside a text element")]
    [InlineData("<s3:a/>", "undeclared namespace prefix")]
    [InlineData("<a><Contents><Key>k</Key></Contents>", "ends inside an element")]
    [InlineData("<a><!-- a -- b --></a>", "'--' inside a comment")]
    [InlineData("", "no root element")]
    [InlineData("<a>\uFFFE</a>", "not UTF-8 text XML allows")]
    public void ListingScanner_TryRead_RefusesMalformedXml(string xml, string why)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(xml);
        Assert.Null(ReferenceListingParser.TryParse(bytes));
        Assert.False(ListingScanner.TryRead(bytes, out _, out string? error));
        Assert.Contains(why, error);
        Assert.Contains(" at byte ", error);
    }

    /// <summary>Legal XML no S3 server writes: refused as "not read", never misread.</summary>
    [Theory]
    [InlineData("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><a/>", "encoding other than UTF-8")]
    [InlineData("<a><Clé>x</Clé></a>", "non-ASCII name")]
    [InlineData("<a xmlns:xmlfoo=\"u\"/>", "prefix starting with 'xml'")]
    public void ListingScanner_TryRead_RefusesWhatItDoesNotRead(string xml, string why)
    {
        Assert.False(ListingScanner.TryRead(Encoding.UTF8.GetBytes(xml), out _, out string? error));
        Assert.Contains(why, error);
        Assert.Contains("(not read)", error);
    }

    /// <summary>
    /// The differential check: on generated pages (awkward but legal XML, malformed pieces, corrupted
    /// bytes) the scanner and XmlReader agree on whether the page is well-formed, and on the page.
    /// </summary>
    [Fact]
    public void ListingScanner_TryRead_SamePageAsReference()
    {
        int accepted = 0;
        int refused = 0;
        var property = Prop.ForAll(ListingGen.MaybeCorrupted.ToArbitrary(), bytes =>
        {
            var expected = ReferenceListingParser.TryParse(bytes);
            bool ok = ListingScanner.TryRead(bytes, out var page, out string? error);
            string shown = Encoding.UTF8.GetString(bytes);
            if (expected is null)
            {
                Assert.False(ok, $"the scanner accepted what XmlReader refuses: {shown}");
                Assert.False(string.IsNullOrEmpty(error));
                refused++;
            }
            else if (!ok && error!.StartsWith("an XML declaration without version=\"1.0\"", StringComparison.Ordinal))
            {
                // XmlReader's one leniency met here: it takes a corrupted version number ("1.0=", "1.00").
                Assert.DoesNotContain("version=\"1.0\"", shown);
                refused++;
            }
            else
            {
                Assert.True(ok, $"the scanner refused ({error}) what XmlReader reads: {shown}");
                AssertSame(expected, page, shown);
                accepted++;
            }
        });
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(4000), property);
        Assert.True(accepted > 1000 && refused > 400, $"the generator made {accepted} good and {refused} bad pages");
    }

    /// <summary>A page of 10,000 entries (ten times S3's largest), every key awkward: the same page.</summary>
    [Fact]
    public void ListingScanner_TryRead_HugePageSameAsReference()
    {
        var keys = ListingGen.Text.Sample(10_000, 20_000).Where(k => ReferenceListingParser.TryParse(Encoding.UTF8.GetBytes($"<a><Contents><Key>{k}</Key></Contents></a>")) is not null).ToList();
        var xml = new StringBuilder(Declaration + Root);
        foreach (string key in keys)
        {
            xml.Append("<Contents><Key>").Append(key).Append("</Key><ETag>&quot;e&quot;</ETag><Size>7</Size><StorageClass>STANDARD</StorageClass></Contents>");
        }

        xml.Append("</ListBucketResult>");
        byte[] bytes = Encoding.UTF8.GetBytes(xml.ToString());
        Assert.True(ListingScanner.TryRead(bytes, out var page, out string? error), error);
        Assert.Equal(keys.Count, page.Objects.Count);
        AssertSame(ReferenceListingParser.TryParse(bytes)!, page, "(huge page)");
    }

    private static ListingPage Read(string xml)
    {
        Assert.True(ListingScanner.TryRead(Encoding.UTF8.GetBytes(xml), out var page, out string? error), error);
        return page;
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
}
