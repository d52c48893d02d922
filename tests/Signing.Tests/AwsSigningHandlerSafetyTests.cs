namespace Signing.Tests;

/// <summary>
/// What the handler refuses to put on the wire: header values with CR, LF or controls (added with
/// TryAddWithoutValidation, which .NET does not check).
/// </summary>
public class AwsSigningHandlerSafetyTests
{
    private static readonly AwsCredentials Creds = new("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "TOKEN-must-stay-home");

    public static TheoryData<string> WireValues => new()
    {
        "a\r\nX-Injected: b",
        "a\r\n\r\nGET /x HTTP/1.1",
        "a\r\n b", // an obsolete fold: RFC 9112 forbids sending one
        "a\n\tb",
        "a\rb",
        "a\0b",
        "a\u0001b",
    };

    [Theory]
    [MemberData(nameof(WireValues))]
    public async Task AwsSigningHandler_SendAsync_LineBreakOrControlInHeaderSendsNothing(string value)
    {
        await using var server = new LoopbackServer();
        using var client = new HttpClient(new AwsSigningHandler(Signer()) { InnerHandler = new SocketsHttpHandler() });
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(server.BaseUri, "/b/k"));
        Assert.True(request.Headers.TryAddWithoutValidation("X-Note", value));
        var e = await Assert.ThrowsAnyAsync<ArgumentException>(() => client.SendAsync(request));
        Assert.Contains("X-Note", e.Message, StringComparison.Ordinal);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task AwsSigningHandler_SendAsync_LineBreakInContentHeaderSendsNothing()
    {
        await using var server = new LoopbackServer();
        using var client = new HttpClient(new AwsSigningHandler(Signer()) { InnerHandler = new SocketsHttpHandler() });
        using var request = new HttpRequestMessage(HttpMethod.Put, new Uri(server.BaseUri, "/b/k")) { Content = new ByteArrayContent([1]) };
        Assert.True(request.Content.Headers.TryAddWithoutValidation("Content-Disposition", "inline\r\nX-Injected: b"));
        var e = await Assert.ThrowsAnyAsync<ArgumentException>(() => client.SendAsync(request));
        Assert.Contains("Content-Disposition", e.Message, StringComparison.Ordinal);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public void AwsSigningHandler_WireHeaders_LineBreakThrowsNamingHeaderAndFix()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "http://127.0.0.1/b/k");
        request.Headers.TryAddWithoutValidation("x-amz-meta-a", "ok");
        request.Headers.TryAddWithoutValidation("x-amz-meta-b", "a\r\n b");
        var e = Assert.ThrowsAny<ArgumentException>(() => AwsSigningHandler.WireHeaders(request));
        Assert.Contains("x-amz-meta-b", e.Message, StringComparison.Ordinal);
        Assert.Contains(@"'a\x0D\x0A b'", e.Message, StringComparison.Ordinal);
        Assert.Contains("remove CR and LF", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("x-amz-meta-a", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AwsSigningHandler_SignInPlace_LineBreakThrows()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "http://127.0.0.1/b/k");
        request.Headers.TryAddWithoutValidation("X-Note", "a\nX-Injected: b");
        Assert.ThrowsAny<ArgumentException>(() => AwsSigningHandler.SignInPlace(request, Signer(), "UNSIGNED-PAYLOAD"));
        Assert.False(request.Headers.Contains("Authorization"));
    }

    private static SigV4Signer Signer() => new(Creds, "us-east-1", "s3", keyCache: new SigningKeyCache());
}
