using System.Net;
using System.Net.Sockets;

namespace Signing.TestSupport;

// Part of FaultProxy (see FaultProxy.cs): the request body pump, the upstream connection, closing.

internal sealed partial class FaultProxyConnection
{
    /// <summary>The request body pump running beside the response: a client that fails ends both connections.</summary>
    private async Task<bool> PumpGuardedAsync(BodyFraming framing, long length, FaultRule? rule, ProxiedRequest request, CancellationToken ct)
    {
        try
        {
            return await PumpRequestBodyAsync(framing, length, _upStream, rule, request, ct);
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException or InvalidDataException)
        {
            Close(reset: false);
            return false;
        }
    }

    /// <summary>
    /// Reads the request body from the client and writes it to <paramref name="target"/> (null: drops it),
    /// stalling as the rule says. False when the upstream stopped taking it.
    /// </summary>
    private async Task<bool> PumpRequestBodyAsync(BodyFraming framing, long length, Stream? target, FaultRule? rule, ProxiedRequest request, CancellationToken ct)
    {
        var stall = rule?.RequestStall;
        long sent = 0;
        bool stalled = false;
        bool targetFailed = false;
        await HttpBody.CopyAsync(_clientReader, framing, length, async piece =>
        {
            request.AddBodyBytes(piece.Length);
            long before = sent;
            sent += piece.Length;
            if (stall is { } s && !stalled && sent >= s.After)
            {
                // Forward up to the stall point, read nothing for the duration, then go on.
                int first = (int)(s.After - before);
                targetFailed = !await WriteTargetAsync(target, piece[..first], ct);
                stalled = true;
                await Task.Delay(s.Duration, ct);
                targetFailed |= !await WriteTargetAsync(target, piece[first..], ct);
            }
            else
            {
                targetFailed = !await WriteTargetAsync(target, piece, ct);
            }

            return !targetFailed;
        }, ct);
        return !targetFailed;
    }

    private static async Task<bool> WriteTargetAsync(Stream? target, ReadOnlyMemory<byte> data, CancellationToken ct)
    {
        if (target is null || data.IsEmpty)
        {
            return true;
        }

        try
        {
            await target.WriteAsync(data, ct);
            return true;
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException)
        {
            return false; // the server stopped reading (it may answer early): the response tells
        }
    }

    private async Task ConnectUpstreamAsync(CancellationToken ct)
    {
        if (_up is not null && (_up.Poll(0, SelectMode.SelectRead) || !_up.Connected))
        {
            DropUpstream(); // closed by the server between requests (or it sent something unasked)
        }

        if (_up is not null)
        {
            return;
        }

        var upstream = _proxy.Upstream!;
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(ConnectTimeout);
            await socket.ConnectAsync(new DnsEndPoint(upstream.Host, upstream.Port), timeout.Token);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        _up = socket;
        _upStream = new NetworkStream(socket, ownsSocket: true);
        _upReader = new HttpWireReader(_upStream);
        _proxy.CountUpstreamConnection();
    }

    private void DropUpstream()
    {
        var up = Interlocked.Exchange(ref _upStream, null);
        _up = null;
        up?.Dispose();
    }

    private void Close(bool reset)
    {
        try
        {
            if (reset)
            {
                // Close the socket itself with a zero linger: RST, not FIN (NetworkStream.Dispose would shut down first).
                _client.LingerState = new LingerOption(true, 0);
                _client.Dispose();
            }
            else if (_client.Connected)
            {
                _client.Shutdown(SocketShutdown.Both);
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // Already closed.
        }

        _clientStream.Dispose();
        DropUpstream();
    }
}
