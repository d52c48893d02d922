using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Signing.Tests.Cli;

// Linked into tests/Signing.Cli.Tests too.

/// <summary>A request as a <see cref="ScriptedServer"/> read it: method, target as sent, headers, body.</summary>
internal sealed record ServerRequest(string Method, string Target, IReadOnlyList<KeyValuePair<string, string>> Headers, byte[] Body)
{
    public string? Header(string name) => Headers.FirstOrDefault(h => h.Key.Equals(name, StringComparison.OrdinalIgnoreCase)).Value;

    public bool Has(string name) => Headers.Any(h => h.Key.Equals(name, StringComparison.OrdinalIgnoreCase));
}

/// <summary>What a <see cref="ScriptedServer"/> does with a request.</summary>
/// <param name="Response">The raw bytes to send (status line, headers, body); null sends nothing.</param>
/// <param name="ReadBody">Read the request body (by Content-Length) before answering; false leaves it unread.</param>
/// <param name="StallAfter">After sending, keep the connection open without a byte more until the server is disposed.</param>
internal sealed record ServerAnswer(byte[]? Response, bool ReadBody = true, bool StallAfter = false)
{
    /// <summary>A complete response with Content-Length and <c>Connection: close</c>.</summary>
    public static ServerAnswer Full(string status, string body, params string[] headers) => new(Encoding.UTF8.GetBytes(
        $"HTTP/1.1 {status}\r\n{string.Concat(headers.Select(h => h + "\r\n"))}Content-Length: {Encoding.UTF8.GetByteCount(body)}\r\nConnection: close\r\n\r\n{body}"));

    /// <summary>An S3 error answer.</summary>
    public static ServerAnswer S3Error(string status, string code, string extra = "") =>
        Full(status, $"<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>{code}</Code><Message>scripted</Message>{extra}<RequestId>REQ1</RequestId></Error>", "Content-Type: application/xml");

    /// <summary>
    /// An object of <paramref name="size"/> bytes that stalls: HEAD answers whole; a GET gets the
    /// headers of the range it asked (206 with Content-Range) or of the whole object, then
    /// <paramref name="sent"/> bytes, then silence.
    /// </summary>
    public static ServerAnswer StalledObject(ServerRequest request, long size, int sent)
    {
        string etag = "ETag: \"0123456789abcdef0123456789abcdef\"\r\nLast-Modified: Mon, 01 Jan 2024 00:00:00 GMT\r\n";
        if (request.Method == "HEAD")
        {
            return new(Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK\r\nContent-Length: {size}\r\n{etag}Connection: close\r\n\r\n"));
        }

        if (request.Header("Range") is { } range && range.StartsWith("bytes=", StringComparison.Ordinal))
        {
            var bounds = range["bytes=".Length..].Split('-');
            long from = long.Parse(bounds[0], System.Globalization.CultureInfo.InvariantCulture);
            long to = bounds[1].Length == 0 ? size - 1 : Math.Min(size - 1, long.Parse(bounds[1], System.Globalization.CultureInfo.InvariantCulture));
            return new([.. Encoding.ASCII.GetBytes($"HTTP/1.1 206 Partial Content\r\nContent-Length: {to - from + 1}\r\nContent-Range: bytes {from}-{to}/{size}\r\n{etag}\r\n"), .. new byte[Math.Min(sent, to - from + 1)]], StallAfter: true);
        }

        return Stall(size, sent);
    }

    /// <summary>Headers claiming <paramref name="length"/> bytes, then <paramref name="sent"/> of them, then silence.</summary>
    public static ServerAnswer Stall(long length, int sent, string status = "200 OK") => new(
        [.. Encoding.ASCII.GetBytes($"HTTP/1.1 {status}\r\nContent-Length: {length}\r\nETag: \"0123456789abcdef0123456789abcdef\"\r\nLast-Modified: Mon, 01 Jan 2024 00:00:00 GMT\r\n\r\n"), .. new byte[sent]],
        StallAfter: true);
}

/// <summary>
/// A loopback HTTP/1.1 server for CLI tests on 127.0.0.1: counts connections, records each
/// request, and answers as a script says (an error, a stall after some bytes, nothing at all).
/// One request per connection; every connection is handled on its own, so a client that hangs
/// up midway never stops the server.
/// </summary>
internal sealed class ScriptedServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Func<ServerRequest, ServerAnswer> _script;
    private readonly Task _accept;
    private readonly ConcurrentBag<Task> _connections = [];
    private int _connectionCount;

    public ScriptedServer(Func<ServerRequest, ServerAnswer>? script = null)
    {
        _script = script ?? (_ => ServerAnswer.S3Error("403 Forbidden", "AccessDenied"));
        _listener.Start(100);
        _accept = Task.Run(AcceptAsync);
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary><c>http://127.0.0.1:PORT</c>.</summary>
    public string Url => $"http://127.0.0.1:{Port}";

    /// <summary>Connections accepted so far.</summary>
    public int Connections => Volatile.Read(ref _connectionCount);

    public ConcurrentQueue<ServerRequest> Requests { get; } = new();

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await ((Task)Task.WhenAll([_accept, .. _connections])).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            Interlocked.Increment(ref _connectionCount);
            _connections.Add(Task.Run(() => ServeAsync(client)));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                var stream = client.GetStream();
                using var deadline = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
                deadline.CancelAfter(TimeSpan.FromSeconds(60));
                var head = await ReadHeadAsync(stream, deadline.Token);
                if (head is null)
                {
                    return;
                }

                var lines = Encoding.Latin1.GetString(head).Split("\r\n");
                var first = lines[0].Split(' ');
                var headers = lines.Skip(1).TakeWhile(l => l.Length > 0 && l.Contains(':', StringComparison.Ordinal))
                    .Select(l => new KeyValuePair<string, string>(l[..l.IndexOf(':', StringComparison.Ordinal)], l[(l.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim()))
                    .ToList();
                var request = new ServerRequest(first[0], first.Length > 1 ? first[1] : string.Empty, headers, []);
                var answer = _script(request);
                if (answer.ReadBody && long.TryParse(request.Header("Content-Length"), out long length) && length is > 0 and < 256 * 1024 * 1024)
                {
                    byte[] body = new byte[length];
                    await stream.ReadExactlyAsync(body, deadline.Token);
                    request = request with { Body = body };
                }

                Requests.Enqueue(request);
                if (answer.Response is { } bytes)
                {
                    await stream.WriteAsync(bytes, deadline.Token);
                    await stream.FlushAsync(deadline.Token);
                }

                if (answer.StallAfter || answer.Response is null)
                {
                    await Task.Delay(Timeout.Infinite, _stop.Token);
                }
            }
            catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException or EndOfStreamException)
            {
                // The client hung up, or the server is stopping.
            }
        }
    }

    private static async Task<byte[]?> ReadHeadAsync(NetworkStream stream, CancellationToken cancellationToken)
    {
        var head = new MemoryStream();
        var one = new byte[1];
        while (head.Length < 1024 * 1024)
        {
            if (await stream.ReadAsync(one, cancellationToken) == 0)
            {
                return null;
            }

            head.WriteByte(one[0]);
            if (head.Length >= 4 && head.GetBuffer().AsSpan((int)head.Length - 4, 4).SequenceEqual("\r\n\r\n"u8))
            {
                return head.ToArray();
            }
        }

        return null;
    }
}
