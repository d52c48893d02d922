using System.Net;

namespace Signing.Tests;

/// <summary>
/// What the handler refuses to put on the wire: header values with CR, LF or controls (added with
/// TryAddWithoutValidation, which .NET does not check), and signed requests re-sent to the host a
/// redirect names.
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
        var e = Assert.ThrowsAny<ArgumentException>(() => HttpRequestSigner.WireHeaders(request));
        Assert.Contains("x-amz-meta-b", e.Message, StringComparison.Ordinal);
        Assert.Contains(@"'a\x0D\x0A b'", e.Message, StringComparison.Ordinal);
        Assert.Contains("remove CR and LF", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("x-amz-meta-a", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HttpRequestSigner_SignAsync_LineBreakThrows()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "http://127.0.0.1/b/k");
        request.Headers.TryAddWithoutValidation("X-Note", "a\nX-Injected: b");
        await Assert.ThrowsAnyAsync<ArgumentException>(async () => await new HttpRequestSigner(Signer()).SignAsync(request, Payload.Unsigned));
        Assert.False(request.Headers.Contains("Authorization"));
    }

    public static TheoryData<string> InnerHandlers => new() { "SocketsHttpHandler", "HttpClientHandler", "DelegatingHandler>SocketsHttpHandler" };

    [Theory]
    [MemberData(nameof(InnerHandlers))]
    public async Task AwsSigningHandler_SendAsync_RedirectIsReturnedNotFollowed(string inner)
    {
        await using var other = new LoopbackServer();
        await using var first = new LoopbackServer();
        first.Respond("307 Temporary Redirect", string.Empty, $"Location: {other.BaseUri}x");
        using var client = new HttpClient(new AwsSigningHandler(Signer()) { InnerHandler = Inner(inner) });
        using var request = new HttpRequestMessage(HttpMethod.Put, new Uri(first.BaseUri, "/b/k")) { Content = new ByteArrayContent("secret body"u8.ToArray()) };

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.TemporaryRedirect, response.StatusCode);
        Assert.Equal(other.BaseUri + "x", response.Headers.Location!.ToString());
        Assert.Single(first.Requests);
        Assert.Empty(other.Requests);
    }

    [Fact]
    public async Task AwsSigningHandler_Constructor_DefaultSocketsHandlerHasRedirectsOffAfterFirstSend()
    {
        await using var server = new LoopbackServer();
        var sockets = new SocketsHttpHandler();
        Assert.True(sockets.AllowAutoRedirect); // .NET's default: the reason for all this
        using var client = new HttpClient(new AwsSigningHandler(Signer()) { InnerHandler = sockets });
        using var response = await client.GetAsync(new Uri(server.BaseUri, "/b/k"));
        Assert.False(sockets.AllowAutoRedirect);
    }

    [Fact]
    public async Task AwsSigningHandler_SendAsync_StartedHandlerWithRedirectsOnThrowsBeforeSending()
    {
        await using var server = new LoopbackServer();
        var sockets = new SocketsHttpHandler();
        using (var plain = new HttpClient(sockets, disposeHandler: false))
        {
            using var warm = await plain.GetAsync(server.BaseUri);
        }

        using var client = new HttpClient(new AwsSigningHandler(Signer()) { InnerHandler = sockets });
        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => client.GetAsync(new Uri(server.BaseUri, "/b/k")));
        Assert.Contains("AllowAutoRedirect", e.Message, StringComparison.Ordinal);
        Assert.Single(server.Requests); // only the warm-up request
        sockets.Dispose();
    }

    [Fact]
    public async Task AwsSigningHandler_SendAsync_UnknownHandlerThatFollowsRedirectThrowsNamingHost()
    {
        await using var other = new LoopbackServer();
        await using var first = new LoopbackServer();
        first.Respond("307 Temporary Redirect", string.Empty, $"Location: {other.BaseUri}x");
        using var client = new HttpClient(new AwsSigningHandler(Signer()) { InnerHandler = new OpaqueFollowingHandler() });

        var e = await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync(new Uri(first.BaseUri, "/b/k")));

        Assert.Contains($"127.0.0.1:{other.BaseUri.Port}", e.Message, StringComparison.Ordinal);
        Assert.Contains("auto-redirect", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("TOKEN-must-stay-home", e.Message, StringComparison.Ordinal);
    }

    private static SigV4Signer Signer() => new(Creds, "us-east-1", "s3", keyCache: new SigningKeyCache());

    private static HttpMessageHandler Inner(string kind) => kind switch
    {
        "SocketsHttpHandler" => new SocketsHttpHandler(),
        "HttpClientHandler" => new HttpClientHandler(),
        _ => new PassThrough { InnerHandler = new SocketsHttpHandler() },
    };

    private sealed class PassThrough : DelegatingHandler
    {
    }

    /// <summary>A handler of a kind AwsSigningHandler cannot look into, which follows redirects (its own SocketsHttpHandler).</summary>
    private sealed class OpaqueFollowingHandler : HttpMessageHandler
    {
        private readonly HttpMessageInvoker _invoker = new(new SocketsHttpHandler { AllowAutoRedirect = true });

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            _invoker.SendAsync(request, cancellationToken);

        protected override void Dispose(bool disposing)
        {
            _invoker.Dispose();
            base.Dispose(disposing);
        }
    }
}
