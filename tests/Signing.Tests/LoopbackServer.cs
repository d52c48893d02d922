using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Signing.Tests;

/// <summary>A one-request-at-a-time raw HTTP/1.1 server on 127.0.0.1 that records exactly what arrived.</summary>
internal sealed class LoopbackServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Task _loop;
    private readonly CancellationTokenSource _stop = new();

    public LoopbackServer()
    {
        _listener.Start();
        _loop = Task.Run(LoopAsync);
    }

    public Uri BaseUri => new($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}");

    public List<RawRequest> Requests { get; } = [];

    /// <summary>The raw response sent to every request (default: 200 with no body).</summary>
    public byte[] Response { get; set; } = "HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"u8.ToArray();

    /// <summary>Sets <see cref="Response"/> to a status, headers and body, with Content-Length.</summary>
    public void Respond(string status, string body, params string[] headers) =>
        Response = Encoding.UTF8.GetBytes($"HTTP/1.1 {status}\r\n{string.Concat(headers.Select(h => h + "\r\n"))}Content-Length: {Encoding.UTF8.GetByteCount(body)}\r\nConnection: close\r\n\r\n{body}");

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
        }
        catch (SocketException)
        {
        }
        catch (ObjectDisposedException)
        {
            // Stopping the listener while an accept is pending ends the loop this way too.
        }

        _stop.Dispose();
    }

    private async Task LoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            using var client = await _listener.AcceptTcpClientAsync(_stop.Token);
            var stream = client.GetStream();
            if (await RawRequest.ReadAsync(stream, _stop.Token) is not { } request)
            {
                continue; // closed before a whole request head
            }

            lock (Requests)
            {
                Requests.Add(request);
            }

            await stream.WriteAsync(Response, _stop.Token);
        }
    }
}

/// <summary>A request as it arrived: method, request-target, headers and body, unparsed.</summary>
internal sealed record RawRequest(string Method, string Target, List<HttpHeader> Headers, byte[] Body)
{
    public string Header(string name) => Headers.First(h => h.Name.Equals(name, StringComparison.OrdinalIgnoreCase)).Value;

    /// <summary>Reads one request (head byte by byte up to the blank line, then Content-Length bytes); null when the peer closes first.</summary>
    public static async Task<RawRequest?> ReadAsync(Stream stream, CancellationToken cancellationToken)
    {
        var head = new MemoryStream();
        var one = new byte[1];
        while (!(head.Length >= 4 && head.GetBuffer().AsSpan((int)head.Length - 4, 4).SequenceEqual("\r\n\r\n"u8)))
        {
            if (await stream.ReadAsync(one, cancellationToken) == 0)
            {
                return null;
            }

            head.WriteByte(one[0]);
        }

        var lines = Encoding.Latin1.GetString(head.ToArray()).Split("\r\n");
        var requestLine = lines[0].Split(' ');
        var headers = lines.Skip(1).TakeWhile(l => l.Length > 0).Select(l => new HttpHeader(l[..l.IndexOf(':', StringComparison.Ordinal)], l[(l.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim())).ToList();
        int length = int.TryParse(headers.FirstOrDefault(h => h.Name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase)).Value, out int n) ? n : 0;
        var body = new byte[length];
        await stream.ReadExactlyAsync(body, cancellationToken);
        return new RawRequest(requestLine[0], requestLine[1], headers, body);
    }

    /// <summary>
    /// Recomputes the signature the way a server does: from the raw target and the raw values of
    /// the headers the Authorization header names.
    /// </summary>
    public string Recompute(SigV4Signer signer)
    {
        string authorization = Header("Authorization");
        string[] signedNames = authorization.Split("SignedHeaders=")[1].Split(',')[0].Split(';');
        var signedHeaders = Headers.Where(h => signedNames.Contains(h.Name.ToLowerInvariant())).ToArray();
        string path = Target.Split('?', 2)[0];
        string query = Target.Contains('?', StringComparison.Ordinal) ? Target.Split('?', 2)[1] : string.Empty;
        var time = DateTimeOffset.ParseExact(Header("X-Amz-Date"), "yyyyMMdd'T'HHmmss'Z'", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal);
        string payload = Headers.Any(h => h.Name.Equals("x-amz-content-sha256", StringComparison.OrdinalIgnoreCase))
            ? Header("x-amz-content-sha256")
            : Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(Body)).ToLowerInvariant();
        var view = new HttpRequestView(Method, path, query, signedHeaders) { PayloadHash = payload };
        return signer.Explain(view, time).Signature;
    }
}
