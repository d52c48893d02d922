using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;

namespace Signing.S3.Tests.Integration;

/// <summary>
/// The fault-injection proxy without a real server: the sink, framing through a chain of two proxies,
/// reconnecting upstream, the echoed canonical request, and prompt disposal.
/// </summary>
public sealed class FaultProxySinkTests
{
    private const string Token = "FwoGZXIvYXdzEXAMPLE/session+token=value";
    private const string Secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

    [Fact]
    public async Task FaultProxy_Sink_AnswersEveryRequestAfterReadingItsBody()
    {
        await using var sink = await FaultProxy.StartAsync(upstream: null);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        using (var get = await http.GetAsync(new Uri(sink.Endpoint, "/a?b=c")))
        {
            Assert.Equal((HttpStatusCode.OK, ""), (get.StatusCode, await get.Content.ReadAsStringAsync()));
        }

        using var chunked = new HttpRequestMessage(HttpMethod.Put, new Uri(sink.Endpoint, "/chunked")) { Content = new ByteArrayContent(new byte[100_000]) };
        chunked.Headers.TransferEncodingChunked = true;
        (await http.SendAsync(chunked)).Dispose();
        using var expect = new HttpRequestMessage(HttpMethod.Put, new Uri(sink.Endpoint, "/expect")) { Content = new ByteArrayContent(new byte[70_000]) };
        expect.Headers.ExpectContinue = true;
        var watch = Stopwatch.StartNew();
        (await http.SendAsync(expect)).Dispose();
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(0.9), "the client waited for 100 Continue in vain");

        sink.SinkResponse = new FaultResponse(202, [new("X-Sink", "yes")], "teapot"u8.ToArray());
        using (var custom = await http.GetAsync(sink.Endpoint))
        {
            Assert.Equal((HttpStatusCode.Accepted, "yes", "teapot"), (custom.StatusCode, custom.Headers.GetValues("X-Sink").Single(), await custom.Content.ReadAsStringAsync()));
        }

        using (var head = await http.SendAsync(new HttpRequestMessage(HttpMethod.Head, sink.Endpoint)))
        {
            Assert.Equal(6, head.Content.Headers.ContentLength); // and no body follows: the next request works
        }

        Assert.Equal("teapot", await http.GetStringAsync(sink.Endpoint));
        var log = sink.Requests;
        Assert.Equal(["GET /a?b=c", "PUT /chunked", "PUT /expect", "GET /", "HEAD /", "GET /"], log.Select(r => $"{r.Method} {r.Target}"));
        Assert.Equal(("/a", "b=c"), (log[0].Path, log[0].Query));
        Assert.Equal("chunked", log[1].Header("Transfer-Encoding"));
        Assert.InRange(log[1].BodyBytes, 100_005, 101_000); // chunk framing counts
        Assert.Equal(70_000, log[2].BodyBytes);
        Assert.Equal(1, sink.ConnectionCount);
        Assert.Empty(sink.Errors);
        sink.Clear();
        Assert.Equal((0, 0), (sink.Requests.Count, sink.ConnectionCount));
    }

    [Fact]
    public async Task FaultProxy_RawHeadLines_InjectedHeaderLoggedAndMalformedHeadAnswered400()
    {
        await using var sink = await FaultProxy.StartAsync(upstream: null);
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, sink.Endpoint.Port);
        var stream = tcp.GetStream();
        await stream.WriteAsync("GET /x HTTP/1.1\r\nHost: h\r\nX-A: a\r\nX-Injected: b\r\n\r\nGET /y HTTP/1.1\r\nHost: h\r\nno colon here\r\n\r\n"u8.ToArray());
        using var reader = new StreamReader(stream, Encoding.Latin1);
        string text = await reader.ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(5)); // the proxy closes after the 400
        Assert.StartsWith("HTTP/1.1 200 OK\r\n", text, StringComparison.Ordinal);
        Assert.Contains("HTTP/1.1 400 Bad Request\r\n", text, StringComparison.Ordinal);
        var logged = Assert.Single(sink.Requests);
        Assert.Equal(["Host: h", "X-A: a", "X-Injected: b"], logged.Headers.Select(h => $"{h.Key}: {h.Value}"));
        Assert.Empty(sink.Errors);
    }

    [Fact]
    public async Task FaultProxy_ChainOfTwo_ForwardsChunkedCloseDelimitedAndEmptyBodies()
    {
        await using var back = await FaultProxy.StartAsync(upstream: null);
        await using var front = await FaultProxy.StartAsync(back.Endpoint);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        back.SinkResponse = new FaultResponse(200, [new("Transfer-Encoding", "chunked")], "5;ext=1\r\nhello\r\n6\r\n world\r\n0\r\nX-Trailer: t\r\n\r\n"u8.ToArray());
        Assert.Equal("hello world", await http.GetStringAsync(new Uri(front.Endpoint, "/chunked")));

        back.SinkResponse = new FaultResponse(200, null, "until the close"u8.ToArray());
        back.AddRule(new FaultRule().PathContains("/close").RewriteResponse(h => h.Remove("Content-Length")));
        Assert.Equal("until the close", await http.GetStringAsync(new Uri(front.Endpoint, "/close")));

        back.SinkResponse = new FaultResponse(204);
        using (var empty = await http.DeleteAsync(new Uri(front.Endpoint, "/204")))
        {
            Assert.Equal(HttpStatusCode.NoContent, empty.StatusCode);
        }

        using var upload = new HttpRequestMessage(HttpMethod.Put, new Uri(front.Endpoint, "/up")) { Content = new ByteArrayContent(new byte[300_000]) };
        upload.Headers.TransferEncodingChunked = true;
        upload.Headers.ExpectContinue = true;
        (await http.SendAsync(upload)).Dispose();
        Assert.Equal(back.Requests[^1].BodyBytes, front.Requests[^1].BodyBytes); // chunks forwarded as framed
        Assert.Equal(["/chunked", "/close", "/204", "/up"], back.Requests.Select(r => r.Target));
        Assert.Equal(2, front.ConnectionCount); // the close-delimited answer ended the first connection
        Assert.Empty(front.Errors);
        Assert.Empty(back.Errors);
    }

    [Fact]
    public async Task FaultProxy_UpstreamClosedBetweenRequests_Reconnects()
    {
        await using var back = await FaultProxy.StartAsync(upstream: null);
        await using var front = await FaultProxy.StartAsync(back.Endpoint);
        back.SinkResponse = new FaultResponse(200, null, "ok"u8.ToArray());
        back.AddRule(new FaultRule().Times(1).CutResponseAfter(1000)); // whole answer, then FIN, unannounced
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        Assert.Equal("ok", await http.GetStringAsync(front.Endpoint));
        await Task.Delay(100);
        Assert.Equal("ok", await http.GetStringAsync(front.Endpoint));
        Assert.Equal((1, 2), (front.ConnectionCount, front.UpstreamConnectionCount));
    }

    [Fact]
    public async Task FaultProxy_EchoCanonicalRequest_SigV4AsServerSignedItWithToken()
    {
        await using var sink = await FaultProxy.StartAsync(upstream: null);
        var echo = sink.AddRule(new FaultRule().EchoCanonicalRequest(withBytes: true));
        using var signing = new AwsSigningHandler(new AwsCredentials("AKIDECHO", Secret, Token), "us-east-1", "s3") { InnerHandler = new SocketsHttpHandler() };
        using var http = new HttpClient(signing);
        using var response = await http.GetAsync(new Uri(sink.Endpoint, "/bucket/a%20key?list-type=2&prefix=x%2Fy"));
        var error = XElement.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal((HttpStatusCode.Forbidden, "SignatureDoesNotMatch"), (response.StatusCode, error.Element("Code")?.Value));
        string canonical = error.Element("CanonicalRequest")!.Value;
        string stringToSign = error.Element("StringToSign")!.Value;
        Assert.Contains($"\nx-amz-security-token:{Token}\n", canonical, StringComparison.Ordinal);
        Assert.StartsWith("GET\n/bucket/a%20key\nlist-type=2&prefix=x%2Fy\n", canonical, StringComparison.Ordinal);
        Assert.EndsWith(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical))), stringToSign, StringComparison.Ordinal);
        Assert.StartsWith("47 45 54 0a", error.Element("CanonicalRequestBytes")!.Value, StringComparison.Ordinal);

        // The server's texts are right if the signature recomputed from them is the client's.
        string[] scope = stringToSign.Split('\n')[2].Split('/');
        byte[] key = Encoding.UTF8.GetBytes("AWS4" + Secret);
        foreach (string part in scope)
        {
            key = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(part));
        }

        Assert.Equal(Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(stringToSign))), error.Element("SignatureProvided")!.Value);
        Assert.Equal("AKIDECHO", error.Element("AWSAccessKeyId")!.Value);
        Assert.Equal(1, echo.Fired);
    }

    [Fact]
    public async Task FaultProxy_EchoCanonicalRequest_SigV2PresignedAsServerSignedItWithToken()
    {
        await using var sink = await FaultProxy.StartAsync(upstream: null);
        sink.AddRule(new FaultRule().EchoCanonicalRequest());
        var signer = new SigV2Signer(new AwsCredentials("AKIDECHO", Secret, Token));
        string url = signer.Presign("GET", new Uri(sink.Endpoint, "/bucket/key?uploads"), TimeSpan.FromMinutes(5));
        using var http = new HttpClient();
        using var response = await http.GetAsync(new Uri(url));
        var error = XElement.Parse(await response.Content.ReadAsStringAsync());
        string stringToSign = error.Element("StringToSign")!.Value;
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains($"\nx-amz-security-token:{Token}\n", stringToSign, StringComparison.Ordinal);
        Assert.EndsWith("\n/bucket/key?uploads", stringToSign, StringComparison.Ordinal);
        Assert.Null(error.Element("CanonicalRequest"));
        Assert.Equal(Convert.ToBase64String(HMACSHA1.HashData(Encoding.UTF8.GetBytes(Secret), Encoding.UTF8.GetBytes(stringToSign))), error.Element("SignatureProvided")!.Value);
    }

    [Fact]
    public async Task FaultProxy_DisposeAsync_ClosesIdleAndStalledConnectionsPromptly()
    {
        await using var back = await FaultProxy.StartAsync(upstream: null);
        back.SinkResponse = new FaultResponse(200, null, new byte[10_000]);
        back.AddRule(new FaultRule().PathContains("/stall").StallResponseBody(10, TimeSpan.FromMinutes(5)));
        using var idle = new TcpClient();
        await idle.ConnectAsync(IPAddress.Loopback, back.Endpoint.Port);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        using var stalled = await http.GetAsync(new Uri(back.Endpoint, "/stall"), HttpCompletionOption.ResponseHeadersRead);
        var body = await stalled.Content.ReadAsStreamAsync();
        // The 10 bytes before the stall first: only then is the connection stalled (disposing earlier
        // could close it before the proxy wrote them, and the read would fail instead).
        Assert.Equal(10, await body.ReadAsync(new byte[100]).AsTask().WaitAsync(TimeSpan.FromSeconds(10)));

        var watch = Stopwatch.StartNew();
        await back.DisposeAsync();
        Assert.False(back.DisposeTimedOut, "a connection task did not end when its socket closed");
        Assert.InRange(watch.Elapsed, TimeSpan.Zero, FaultProxy.DisposeWait - TimeSpan.FromSeconds(1)); // well under the wait for a connection that hangs
        await Assert.ThrowsAnyAsync<IOException>(() => body.ReadAsync(new byte[100]).AsTask().WaitAsync(TimeSpan.FromSeconds(1)));
        Assert.Equal(0, await idle.GetStream().ReadAsync(new byte[1]).AsTask().WaitAsync(TimeSpan.FromSeconds(1)));
        await Assert.ThrowsAsync<HttpRequestException>(() => http.GetAsync(back.Endpoint));
    }
}
