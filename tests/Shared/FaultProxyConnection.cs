using System.Net.Sockets;

namespace Signing.TestSupport;

// Part of FaultProxy (see FaultProxy.cs): one client connection, its upstream connection, and the
// rules applied to each request on it.

/// <summary>Serves one client connection: request by request, forwarded or answered, faults applied.</summary>
internal sealed partial class FaultProxyConnection : IDisposable
{
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan BodyGrace = TimeSpan.FromSeconds(2);
    private readonly FaultProxy _proxy;
    private readonly Socket _client;
    private readonly NetworkStream _clientStream;
    private readonly HttpWireReader _clientReader;
    private readonly int _id;
    private Socket? _up;
    private NetworkStream? _upStream;
    private HttpWireReader? _upReader;

    public FaultProxyConnection(FaultProxy proxy, int id, Socket client)
    {
        _proxy = proxy;
        _id = id;
        _client = client;
        _clientStream = new NetworkStream(client, ownsSocket: true);
        _clientReader = new HttpWireReader(_clientStream);
    }

    public Task Completion { get; set; } = Task.CompletedTask;

    public async Task RunAsync(CancellationToken ct)
    {
        try
        {
            while (await _clientReader.ReadHeadAsync(ct) is { } lines)
            {
                ProxyRequestHead head;
                try
                {
                    head = ProxyRequestHead.Parse(lines);
                    _ = HttpBody.OfRequest(head);
                }
                catch (InvalidDataException e)
                {
                    // Not HTTP/1.1 as a server reads it: answer 400 and close, as a server would.
                    var bad = FaultResponse.S3Error(400, "BadRequest", $"FaultProxy could not parse the request: {e.Message}", new KeyValuePair<string, string>("Connection", "close"));
                    await _clientStream.WriteAsync(bad.ToBytes("GET"), ct);
                    return;
                }

                var request = _proxy.Log(_id, head);
                var rule = request.Rule = _proxy.Match(request);
                if (!await ExchangeAsync(head, request, rule, ct))
                {
                    return;
                }
            }
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The peer went away, a fault ended the connection, or the proxy is being disposed.
        }
        catch (Exception e)
        {
            _proxy.RecordError(e);
        }
        finally
        {
            Close(reset: false);
        }
    }

    /// <summary>Closes both connections now (disposal).</summary>
    public void Dispose() => Close(reset: false);

    /// <summary>Handles one request; false when the client connection must end.</summary>
    private async Task<bool> ExchangeAsync(ProxyRequestHead head, ProxiedRequest request, FaultRule? rule, CancellationToken ct)
    {
        var answer = rule?.Answers ?? FaultRule.AnswerKind.Forward;
        if (rule?.StripsRange == true)
        {
            head.Remove("Range");
            head.Remove("If-Range");
        }

        var (framing, length) = HttpBody.OfRequest(head);
        bool expects = framing != BodyFraming.None && string.Equals(head.Get("Expect"), "100-continue", StringComparison.OrdinalIgnoreCase);
        bool close = head.HasConnectionOption("close") || (head.Version == "HTTP/1.0" && !head.HasConnectionOption("keep-alive"));
        FaultResponse? canned = answer switch
        {
            FaultRule.AnswerKind.Respond => rule!.Response,
            FaultRule.AnswerKind.Echo or FaultRule.AnswerKind.EchoWithBytes => CanonicalEcho.Build(request, answer == FaultRule.AnswerKind.EchoWithBytes),
            _ => null,
        };

        bool reset = answer is FaultRule.AnswerKind.Reset or FaultRule.AnswerKind.ForwardThenReset;
        if (canned is not null || _proxy.Upstream is null || answer == FaultRule.AnswerKind.Reset)
        {
            // Answered here: by a rule, or by the sink (which, like a server, asks for the body).
            if (canned is null && !reset && expects)
            {
                await _clientStream.WriteAsync("HTTP/1.1 100 Continue\r\n\r\n"u8.ToArray(), ct);
                expects = false;
            }

            if (!expects)
            {
                await PumpRequestBodyAsync(framing, length, target: null, rule, request, ct);
            }

            if (reset)
            {
                Close(reset: true);
                return false;
            }

            var source = new HttpWireReader(new MemoryStream((canned ?? _proxy.SinkResponse).ToBytes(head.Method)));
            var response = ProxyResponseHead.Parse((await source.ReadHeadAsync(ct))!);
            return await SendResponseAsync(head.Method, response, source, rule, pump: null, close || expects, ct);
        }

        await ConnectUpstreamAsync(ct);
        await _upStream!.WriteAsync(head.ToBytes(), ct);
        Task<bool>? pump = framing == BodyFraming.None ? null : PumpGuardedAsync(framing, length, rule, request, ct);
        while (true)
        {
            var lines = await _upReader!.ReadHeadAsync(ct) ?? throw new EndOfStreamException("the upstream server closed the connection without answering");
            var response = ProxyResponseHead.Parse(lines);
            if (response.StatusCode is >= 100 and < 200 and not 101)
            {
                await _clientStream.WriteAsync(response.ToBytes(), ct); // interim (100 Continue): pass on
                continue;
            }

            if (answer == FaultRule.AnswerKind.ForwardThenReset)
            {
                var (rf, rl) = HttpBody.OfResponse(response, head.Method);
                await HttpBody.CopyAsync(_upReader, rf, rl, _ => ValueTask.FromResult(true), ct);
                Close(reset: true);
                return false;
            }

            return await SendResponseAsync(head.Method, response, _upReader, rule, pump, close, ct);
        }
    }

    /// <summary>Sends a final response head and body to the client, applying the rule's response faults.</summary>
    private async Task<bool> SendResponseAsync(string method, ProxyResponseHead response, HttpWireReader source, FaultRule? rule, Task<bool>? pump, bool close, CancellationToken ct)
    {
        bool fromUpstream = source == _upReader;
        var (framing, length) = HttpBody.OfResponse(response, method);
        bool upstreamDone = framing == BodyFraming.UntilClose || response.HasConnectionOption("close")
            || (response.Version == "HTTP/1.0" && !response.HasConnectionOption("keep-alive"));
        close |= upstreamDone;
        if (rule?.Rewrite is { } edit)
        {
            string? contentLength = response.Get("Content-Length");
            string? transferEncoding = response.Get("Transfer-Encoding");
            edit(response);
            close |= response.Get("Content-Length") != contentLength || response.Get("Transfer-Encoding") != transferEncoding;
        }

        if (rule is not null && rule.Delay > TimeSpan.Zero)
        {
            await Task.Delay(rule.Delay, ct);
        }

        await _clientStream.WriteAsync(response.ToBytes(), ct);
        var (end, after, duration) = rule?.BodyLimit ?? default;
        long sent = 0;
        if (end == FaultRule.BodyEnd.None || after > 0)
        {
            await HttpBody.CopyAsync(source, framing, length, async piece =>
            {
                if (end != FaultRule.BodyEnd.None && sent + piece.Length >= after)
                {
                    await _clientStream.WriteAsync(piece[..(int)(after - sent)], ct);
                    sent = after;
                    return false;
                }

                await _clientStream.WriteAsync(piece, ct);
                sent += piece.Length;
                return true;
            }, ct);
        }

        if (end != FaultRule.BodyEnd.None)
        {
            if (end == FaultRule.BodyEnd.Stall)
            {
                await Task.Delay(duration, ct);
            }

            Close(reset: end == FaultRule.BodyEnd.Reset);
            return false;
        }

        if (pump is not null && (await Task.WhenAny(pump, Task.Delay(BodyGrace, ct)) != pump || !await pump))
        {
            close = true; // the answer came before the whole request body: this connection is out of step
        }

        if (fromUpstream && (upstreamDone || close))
        {
            DropUpstream();
        }

        return !close;
    }
}
