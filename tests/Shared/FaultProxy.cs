using System.Net;
using System.Net.Sockets;

namespace Signing.TestSupport;

// FaultProxy: a loopback fault-injection HTTP/1.1 reverse proxy for tests (issue 10: faults are
// reproduced on the wire, not imagined). Linked into every test project (FaultProxy*.cs).
//
// It listens on 127.0.0.1 (ephemeral port) and forwards each request to the upstream server (the
// loopback RGW) byte for byte: the request line, the Host header and every other header unchanged
// (so SigV4/SigV2 signatures still verify), bodies framed by Content-Length, chunked (requests and
// responses) or, for responses, by the connection's close; HEAD/1xx/204/304 answers have no body,
// 1xx interim answers (100 Continue) are passed on. Each client connection may carry many requests
// and has its own upstream connection (reconnected if the server closed it). With no upstream it is
// a sink that answers every request with SinkResponse (200, empty by default) after reading its body
// (sending 100 Continue when asked): "the other host" a redirect points at, to see what it received.
//
// Rules (FaultRule, checked in order, the first that matches and has fires left acts):
//   Respond(response)          answer without forwarding (the body is read and dropped; for
//                              Expect: 100-continue it is not read and the connection is closed after).
//                              FaultResponse.SlowDown/InternalError/Redirect/WrongRegion/S3Error build common ones.
//   EchoCanonicalRequest()     answer 403 SignatureDoesNotMatch carrying the StringToSign and
//                              CanonicalRequest a server derives from this request (token included).
//   ResetBeforeResponse()      read the request, then RST the client connection, no answer;
//                              (forward: true) first lets the server execute it and drops its answer.
//   IgnoreRange()              strip Range and If-Range before forwarding (the server answers 200, whole object).
//   StallRequestBody(n, d)     forward n request body bytes, then read nothing from the client for d
//                              (socket buffers take ~5 MiB more: send n + 8 MiB to block the client).
//   DelayResponse(d)           hold the response head for d after it arrived from the server.
//   RewriteResponse(edit)      edit the final response head (status, headers); the body is unchanged.
//   CutResponseAfter(n)        send the head and n body bytes (as framed on the wire), then FIN.
//   ResetResponseAfter(n)      send the head and n body bytes, then RST.
//   StallResponseBody(n, d)    send the head and n body bytes, nothing for d, then FIN.
// The last three always end the connection, even when the body had fewer than n bytes.
//
// Every wait is bounded by DisposeAsync, which closes the listener and every connection (stalled
// ones included) and returns once their tasks end (at most DisposeWait). Requests logs what arrived (as sent, before a
// rule changed it); Errors lists anything unexpected inside the proxy (a test may assert it is empty).

/// <summary>A loopback HTTP/1.1 reverse proxy (or sink) that injects scripted faults; see the file header.</summary>
public sealed class FaultProxy : IAsyncDisposable
{
    private readonly Socket _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly Dictionary<int, FaultProxyConnection> _open = [];
    private readonly List<ProxiedRequest> _requests = [];
    private readonly List<FaultRule> _rules = [];
    private readonly List<Exception> _errors = [];
    private readonly Task _accepting;
    private int _nextId;
    private int _connections;
    private int _upstreamConnections;
    private int _disposed;

    private FaultProxy(Uri? upstream)
    {
        if (upstream is not null && upstream.Scheme != Uri.UriSchemeHttp)
        {
            throw new ArgumentException($"upstream {upstream} must be an http:// URI.", nameof(upstream));
        }

        Upstream = upstream;
        _listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        _listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _listener.Listen(128);
        Endpoint = new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndPoint!).Port}");
        _accepting = Task.Run(AcceptLoopAsync);
    }

    /// <summary>Starts a proxy to <paramref name="upstream"/> (http only), or a sink when it is null.</summary>
    public static Task<FaultProxy> StartAsync(Uri? upstream) => Task.FromResult(new FaultProxy(upstream));

    /// <summary>http://127.0.0.1:PORT: point the client here.</summary>
    public Uri Endpoint { get; }

    /// <summary>The server requests are forwarded to; null for a sink.</summary>
    public Uri? Upstream { get; }

    /// <summary>What the sink (no upstream) answers to every request rules leave alone.</summary>
    public FaultResponse SinkResponse { get; set; } = FaultResponse.Ok;

    /// <summary>A snapshot of every request received since the start (or <see cref="Clear"/>), in arrival order.</summary>
    public IReadOnlyList<ProxiedRequest> Requests
    {
        get
        {
            lock (_requests)
            {
                return [.. _requests];
            }
        }
    }

    /// <summary>Client connections accepted since the start (or <see cref="Clear"/>).</summary>
    public int ConnectionCount => Volatile.Read(ref _connections);

    /// <summary>Connections opened to the upstream server since the start (or <see cref="Clear"/>).</summary>
    public int UpstreamConnectionCount => Volatile.Read(ref _upstreamConnections);

    /// <summary>Unexpected failures inside the proxy (not the faults it injects, nor peers closing connections).</summary>
    public IReadOnlyList<Exception> Errors
    {
        get
        {
            lock (_errors)
            {
                return [.. _errors];
            }
        }
    }

    /// <summary>Adds a rule after those already added; returns it (its <see cref="FaultRule.Fired"/> counts its uses).</summary>
    public FaultRule AddRule(FaultRule rule)
    {
        rule.Validate();
        lock (_rules)
        {
            _rules.Add(rule);
        }

        return rule;
    }

    /// <summary>Removes every rule: from now on requests pass through.</summary>
    public void ClearRules()
    {
        lock (_rules)
        {
            _rules.Clear();
        }
    }

    /// <summary>Forgets the logged requests and resets the connection counts (rules stay).</summary>
    public void Clear()
    {
        lock (_requests)
        {
            _requests.Clear();
        }

        Interlocked.Exchange(ref _connections, 0);
        Interlocked.Exchange(ref _upstreamConnections, 0);
    }

    /// <summary>The longest DisposeAsync waits for connection tasks to end once their sockets are closed.</summary>
    public static readonly TimeSpan DisposeWait = TimeSpan.FromSeconds(5);

    /// <summary>Whether DisposeAsync gave up waiting for a connection task (one that did not end when its socket closed).</summary>
    public bool DisposeTimedOut { get; private set; }

    /// <summary>Closes the listener and every connection, stalled ones included; returns once their tasks end (at most <see cref="DisposeWait"/>).</summary>

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _stop.CancelAsync();
        _listener.Dispose();
        FaultProxyConnection[] open;
        lock (_open)
        {
            open = [.. _open.Values];
        }

        foreach (var connection in open)
        {
            connection.Dispose();
        }

        try
        {
            await Task.WhenAll([_accepting, .. open.Select(c => c.Completion)]).WaitAsync(DisposeWait);
        }
        catch (TimeoutException)
        {
            // A connection task still winding down holds only closed sockets.
            DisposeTimedOut = true;
        }

        _stop.Dispose();
    }

    internal ProxiedRequest Log(int connection, ProxyRequestHead head)
    {
        var request = new ProxiedRequest(connection, head);
        lock (_requests)
        {
            _requests.Add(request);
        }

        return request;
    }

    internal FaultRule? Match(ProxiedRequest request)
    {
        lock (_rules)
        {
            return _rules.Find(r => r.TryFire(request));
        }
    }

    internal void CountUpstreamConnection() => Interlocked.Increment(ref _upstreamConnections);

    internal void RecordError(Exception e)
    {
        lock (_errors)
        {
            _errors.Add(e);
        }
    }

    private async Task AcceptLoopAsync()
    {
        var ct = _stop.Token;
        while (!ct.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptAsync(ct);
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException or OperationCanceledException)
            {
                return;
            }

            socket.NoDelay = true;
            Interlocked.Increment(ref _connections);
            int id = Interlocked.Increment(ref _nextId);
            var connection = new FaultProxyConnection(this, id, socket);
            lock (_open)
            {
                _open.Add(id, connection);
            }

            connection.Completion = Task.Run(async () =>
            {
                await connection.RunAsync(ct);
                lock (_open)
                {
                    _open.Remove(id);
                }
            });
        }
    }
}
