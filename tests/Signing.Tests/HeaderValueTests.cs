namespace Signing.Tests;

/// <summary>
/// Header values with line breaks and controls: only an obsolete line fold (CRLF or LF followed by
/// a space or tab) may hold a line break; anything else would end the header and start another on
/// the wire, so every signer refuses it, naming the header.
/// </summary>
public class HeaderValueTests
{
    private static readonly AwsCredentials Creds = new("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "session-token-value");
    private static readonly DateTimeOffset Time = new(2015, 8, 30, 12, 36, 0, TimeSpan.Zero);

    public static TheoryData<string, string> LineBreaks => new()
    {
        // value, how it is shown (escaped) in the message
        { "a\r\nX-Injected: b", @"'a\x0D\x0AX-Injected: b'" },
        { "a\r\n\r\nGET / HTTP/1.1", @"'a\x0D\x0A\x0D\x0AGET / HTTP/1.1'" },
        { "a\r\n", @"'a\x0D\x0A'" },
        { "a\n", @"'a\x0A'" },
        { "a\rb", @"'a\x0Db'" },
        { "a\r b", @"'a\x0D b'" },
        { "a\nX-Injected: b", @"'a\x0AX-Injected: b'" },
        { "\r\n", @"'\x0D\x0A'" },
        { "a\r\n\r\n b", @"'a\x0D\x0A\x0D\x0A b'" },
    };

    public static TheoryData<string> Controls => new() { "a\0b", "a\u0001b", "a\u001Fb", "a\u007Fb", "a\u000Bb", "a\u000Cb" };

    public static TheoryData<string> Folds => new() { "a\r\n b", "a\r\n\tb", "a\n b", "a\n\t  b", "a\r\n  \r\n b", " a\r\n b " };

    [Theory]
    [MemberData(nameof(LineBreaks))]
    public void SigV4Signer_Sign_LineBreakInHeaderValueThrowsNamingHeaderAndFix(string value, string shown)
    {
        foreach (var call in Calls(value))
        {
            var e = Assert.ThrowsAny<ArgumentException>(call);
            Assert.Contains("X-Note", e.Message, StringComparison.Ordinal);
            Assert.Contains(shown, e.Message, StringComparison.Ordinal);
            Assert.Contains("remove CR and LF", e.Message, StringComparison.Ordinal);
            Assert.Contains("a line break would end the header and start another", e.Message, StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(Controls))]
    public void SigV4Signer_Sign_ControlInHeaderValueThrows(string value)
    {
        foreach (var call in Calls(value))
        {
            var e = Assert.ThrowsAny<ArgumentException>(call);
            Assert.Contains("X-Note", e.Message, StringComparison.Ordinal);
            Assert.Contains("control character", e.Message, StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(Folds))]
    public void SigV4Signer_Sign_ObsFoldSignsLikeOneSpace(string value)
    {
        var v4 = new SigV4Signer(Creds, "us-east-1", "service", keyCache: new SigningKeyCache());
        Assert.Equal(v4.Sign(View("a b"), Time).Signature, v4.Sign(View(value), Time).Signature);
        Assert.Equal(v4.PresignTarget(View("a b"), TimeSpan.FromMinutes(5), Time), v4.PresignTarget(View(value), TimeSpan.FromMinutes(5), Time));
    }

    [Theory]
    [MemberData(nameof(Folds))]
    public void SigV2Signer_Sign_ObsFoldSignsLikeOneSpace(string value)
    {
        // The S3 guide: "unfold long headers ... by replacing the folding white space (including new-line) by a single space".
        var v2 = new SigV2Signer(Creds);
        HttpRequestView Amz(string v) => new("GET", "/b/k", "", new HttpHeader[] { new("Host", "h"), new("x-amz-meta-note", v) });
        Assert.Equal(v2.Sign(Amz("a b"), Time).Signature, v2.Sign(Amz(value), Time).Signature);
        Assert.Contains("x-amz-meta-note:a b\n", v2.Explain(Amz(value), Time).StringToSign, StringComparison.Ordinal);
    }

    [Fact]
    public void SigV4Signer_Sign_TabAndPrintableAsciiStillAccepted()
    {
        var v4 = new SigV4Signer(Creds, "us-east-1", "service", keyCache: new SigningKeyCache());
        string all = new([.. Enumerable.Range(0x20, 0x5F).Select(i => (char)i)]);
        v4.Sign(View("\t" + all + "\t"), Time);
        new SigV2Signer(Creds).Sign(View("\t" + all), Time);
    }

    [Fact]
    public void SigV4Signer_Sign_LineBreakInHostThrows()
    {
        var v4 = new SigV4Signer(Creds, "us-east-1", "s3", keyCache: new SigningKeyCache());
        var e = Assert.ThrowsAny<ArgumentException>(() => v4.Sign(new HttpRequestView("GET", "/", "", []) { Host = "h\r\n x" }, Time));
        Assert.Contains("Host", e.Message, StringComparison.Ordinal);
    }

    private static HttpRequestView View(string value) => new("GET", "/k", "", new HttpHeader[] { new("Host", "example.amazonaws.com"), new("X-Note", value) });

    /// <summary>Every signer's header and presign entry points, given a request with X-Note: value.</summary>
    private static IEnumerable<Action> Calls(string value)
    {
        var v4 = new SigV4Signer(Creds, "us-east-1", "s3", keyCache: new SigningKeyCache());
        var v2 = new SigV2Signer(Creds);
        var url = new Uri("https://b.s3.amazonaws.com/k");
        HttpHeader[] extra = [new("X-Note", value)];
        yield return () => v4.Sign(View(value), Time);
        yield return () => v4.TryComputeSignature(View(value), Time, new char[64], out _);
        yield return () => v4.Explain(View(value), Time);
        yield return () => v4.PresignTarget(View(value), TimeSpan.FromMinutes(5), Time);
        yield return () => v4.Presign("GET", url, TimeSpan.FromMinutes(5), extra, Time);
        yield return () => v4.Explain(View(value), Time, SignatureLocation.Query, TimeSpan.FromMinutes(5));
        yield return () => v2.Sign(View(value), Time);
        yield return () => v2.Explain(View(value), Time);
        yield return () => v2.PresignTarget(View(value), TimeSpan.FromMinutes(5), Time);
        yield return () => v2.Presign("GET", url, TimeSpan.FromMinutes(5), headers: extra, timestamp: Time);
    }

    [Theory]
    [InlineData("x-amz-server-side-encryption-customer-key")]
    [InlineData("X-Amz-Copy-Source-Server-Side-Encryption-Customer-Key")]
    [InlineData("X-Amz-Security-Token")]
    [InlineData("Authorization")]
    [InlineData("Proxy-Authorization")]
    public void SigV4Signer_Sign_BadSecretHeaderValueNeverShown(string name)
    {
        const string Secret = "c2VjcmV0LWtleS0zMi1ieXRlcy1sb25nLWFhYWE=";
        var v4 = new SigV4Signer(Creds, "us-east-1", "s3", keyCache: new SigningKeyCache());
        foreach (string value in new[] { Secret + "\r\nX-Injected: b", Secret + "\u0001", Secret + "\u00e9" })
        {
            var e = Assert.ThrowsAny<ArgumentException>(() => v4.Sign(new HttpRequestView("GET", "/k", "", new HttpHeader[] { new("Host", "h"), new(name, value) }), Time));
            Assert.Contains(name, e.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("c2VjcmV0", e.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("\u00e9", e.Message, StringComparison.Ordinal);
            Assert.Contains("not shown", e.Message, StringComparison.Ordinal);

            using var message = new HttpRequestMessage(HttpMethod.Get, "http://127.0.0.1/k");
            message.Headers.TryAddWithoutValidation(name, value);
            if (value.Contains('\n', StringComparison.Ordinal))
            {
                var wire = Assert.ThrowsAny<ArgumentException>(() => HttpRequestSigner.WireHeaders(message));
                Assert.DoesNotContain("c2VjcmV0", wire.Message, StringComparison.Ordinal);
            }
        }
    }
}
