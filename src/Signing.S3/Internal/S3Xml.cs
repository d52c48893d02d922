using System.Globalization;
using System.Text;
using System.Xml;
using System.Xml.Linq;

namespace Signing.S3.Internal;

/// <summary>Reads and writes the small XML documents of the S3 API, matching elements by local name (with or without the S3 namespace).</summary>
internal static class S3Xml
{
    public const string Namespace = "http://s3.amazonaws.com/doc/2006-03-01/";

    private static readonly XmlReaderSettings ReaderSettings = new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
    };

    /// <summary>Parses a document; null when the text is empty or not XML.</summary>
    public static XElement? TryParse(string text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        try
        {
            using var reader = XmlReader.Create(new StringReader(text), ReaderSettings);
            return XElement.Load(reader);
        }
        catch (XmlException)
        {
            return null;
        }
    }

    /// <summary>Parses a document or throws a clear error naming the operation.</summary>
    public static XElement Parse(string text, string what) =>
        TryParse(text) ?? throw new S3Exception($"The server's answer to {what} is not the expected XML document: {Show(text)}");

    public static XElement? Child(this XElement e, string name) => e.Elements().FirstOrDefault(c => c.Name.LocalName == name);

    public static IEnumerable<XElement> Children(this XElement e, string name) => e.Elements().Where(c => c.Name.LocalName == name);

    public static string? Text(this XElement e, string name) => e.Child(name)?.Value;

    public static long Long(this XElement e, string name) =>
        long.TryParse(e.Text(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out long v) ? v : 0;

    public static bool Bool(this XElement e, string name) => string.Equals(e.Text(name), "true", StringComparison.OrdinalIgnoreCase);

    public static DateTimeOffset? Date(this XElement e, string name) =>
        IsoTimestamp.TryParse(e.Text(name), DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var d) ? d : null;

    /// <summary>An S3-namespaced element, for request bodies.</summary>
    public static XElement Element(string name, params object?[] content) => new(XName.Get(name, Namespace), content);

    /// <summary>Serializes a request body as UTF-8 without a byte-order mark.</summary>
    public static byte[] ToBytes(XElement root)
    {
        var settings = new XmlWriterSettings { Encoding = new UTF8Encoding(false), OmitXmlDeclaration = false, Indent = false };
        using var ms = new MemoryStream();
        using (var writer = XmlWriter.Create(ms, settings))
        {
            root.WriteTo(writer);
        }

        return ms.ToArray();
    }

    /// <summary>The first 200 characters of a body, for messages.</summary>
    public static string Show(string text) => text.Length <= 200 ? text : string.Concat(text.AsSpan(0, 200), "...");
}
