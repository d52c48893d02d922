using System.Diagnostics;
using System.Globalization;

namespace Signing.Cli;

/// <summary>
/// curl's --speed-limit/--speed-time: when fewer than <c>limit × window</c> bytes moved (sent
/// and received together) over the last <c>window</c>, <see cref="Token"/> is cancelled and
/// <see cref="TooSlow"/> set. Checked a few times a second from the start of the request, so a
/// server that stalls before its headers, or mid-body, counts the same.
/// </summary>
internal sealed class SpeedCheck : IDisposable
{
    private readonly long _limit;
    private readonly TimeSpan _window;
    private readonly CancellationTokenSource _cancel = new();
    private readonly Queue<(long At, long Bytes)> _samples = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Timer _timer;
    private long _bytes;

    public SpeedCheck(long limit, TimeSpan window)
    {
        _limit = limit;
        _window = window;
        _samples.Enqueue((0, 0));
        var tick = TimeSpan.FromTicks(Math.Clamp(window.Ticks / 4, TimeSpan.TicksPerMillisecond * 50, TimeSpan.TicksPerSecond));
        _timer = new Timer(_ => Check(), null, tick, tick);
    }

    /// <summary>Cancelled when the transfer is too slow.</summary>
    public CancellationToken Token => _cancel.Token;

    /// <summary>Whether the check ran out.</summary>
    public bool TooSlow { get; private set; }

    /// <summary>curl's words: <c>Operation too slow. Less than N bytes/sec transferred the last M seconds</c>.</summary>
    public string Message => string.Create(CultureInfo.InvariantCulture, $"Operation too slow. Less than {_limit} bytes/sec transferred the last {_window.TotalSeconds:0.###} seconds");

    /// <summary>Counts bytes sent or received.</summary>
    public void Add(long bytes) => Interlocked.Add(ref _bytes, bytes);

    public void Dispose()
    {
        _timer.Dispose();
        _cancel.Dispose();
    }

    private void Check()
    {
        lock (_samples)
        {
            if (TooSlow)
            {
                return;
            }

            long now = _clock.ElapsedTicks * TimeSpan.TicksPerSecond / Stopwatch.Frequency;
            long bytes = Interlocked.Read(ref _bytes);
            _samples.Enqueue((now, bytes));

            // Keep the newest sample at least a window old: the start of the window to judge.
            while (_samples.Count > 1 && now - _samples.ElementAt(1).At >= _window.Ticks)
            {
                _samples.Dequeue();
            }

            var (at, then) = _samples.Peek();
            if (now - at >= _window.Ticks && (bytes - then) < _limit * ((double)(now - at) / TimeSpan.TicksPerSecond))
            {
                TooSlow = true;
                try
                {
                    _cancel.Cancel();
                }
                catch (ObjectDisposedException)
                {
                    // The transfer ended meanwhile.
                }
            }
        }
    }
}
