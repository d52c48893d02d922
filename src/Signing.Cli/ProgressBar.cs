using System.Diagnostics;
using System.Globalization;

namespace Signing.Cli;

/// <summary>
/// A one-line transfer progress bar on standard error: bytes done, percent, rate and ETA. Drawn only
/// when standard error is a terminal (never into a pipe or a log); at most ten redraws a second.
/// Thread-safe: parallel part uploads report through <see cref="Add"/>.
/// </summary>
internal sealed class ProgressBar : IDisposable
{
    private readonly TextWriter? _out;
    private readonly string _label;
    private readonly long? _total;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly object _gate = new();
    private long _done;
    private long _lastDrawMs = -1000;
    private bool _drawn;

    /// <param name="label">What is moving, such as the key or file name.</param>
    /// <param name="total">Total bytes, when known.</param>
    /// <param name="output">Where to draw; null (or a non-terminal standard error) draws nothing.</param>
    public ProgressBar(string label, long? total, TextWriter? output)
    {
        _label = label;
        _total = total;
        _out = output;
    }

    /// <summary>A bar on standard error if it is a terminal, else a silent one.</summary>
    public static ProgressBar ForTerminal(string label, long? total, bool enabled = true) =>
        new(label, total, enabled && !Console.IsErrorRedirected ? Console.Error : null);

    /// <summary>Bytes transferred so far.</summary>
    public long Done => Interlocked.Read(ref _done);

    /// <summary>Adds transferred bytes and redraws if it is time.</summary>
    public void Add(long bytes)
    {
        long done = Interlocked.Add(ref _done, bytes);
        if (_out is null)
        {
            return;
        }

        lock (_gate)
        {
            long now = _clock.ElapsedMilliseconds;
            if (now - _lastDrawMs < 100 && (_total is null || done < _total))
            {
                return;
            }

            _lastDrawMs = now;
            Draw(done, now);
        }
    }

    /// <summary>Writes <paramref name="line"/> to <paramref name="writer"/> with the bar (if drawn) cleared first and drawn again below it, so lines and the bar do not mix.</summary>
    public void WriteAbove(TextWriter writer, string line)
    {
        if (_out is null)
        {
            writer.WriteLine(line);
            return;
        }

        lock (_gate)
        {
            if (_drawn)
            {
                _out.Write("\r\u001b[K");
                _out.Flush();
            }

            writer.WriteLine(line);
            writer.Flush();
            if (_drawn)
            {
                Draw(Done, _clock.ElapsedMilliseconds);
            }
        }
    }

    /// <summary>Ends the line (if one was drawn).</summary>
    public void Dispose()
    {
        if (_out is null)
        {
            return;
        }

        lock (_gate)
        {
            if (_drawn)
            {
                Draw(Done, _clock.ElapsedMilliseconds);
                _out.WriteLine();
                _out.Flush();
            }
        }
    }

    /// <summary>The line for <paramref name="done"/> bytes after <paramref name="elapsedMs"/>; public for tests.</summary>
    public string Format(long done, long elapsedMs)
    {
        double seconds = Math.Max(elapsedMs / 1000.0, 0.001);
        double rate = done / seconds;
        string rateText = $"{Bytes(rate)}/s";
        if (_total is { } total && total > 0)
        {
            double fraction = Math.Clamp((double)done / total, 0, 1);
            const int width = 24;
            int filled = (int)(fraction * width);
            string bar = new string('#', filled) + new string('-', width - filled);
            string eta = rate > 0 && done < total ? Eta((total - done) / rate) : "0:00";
            return string.Create(CultureInfo.InvariantCulture, $"{_label} [{bar}] {fraction * 100,3:0}% {Bytes(done)}/{Bytes(total)} {rateText} ETA {eta}");
        }

        return string.Create(CultureInfo.InvariantCulture, $"{_label} {Bytes(done)} {rateText}");
    }

    private void Draw(long done, long elapsedMs)
    {
        _out!.Write('\r');
        _out.Write(Format(done, elapsedMs));
        _out.Write("\u001b[K"); // clear the rest of the line
        _out.Flush();
        _drawn = true;
    }

    /// <summary>1023 B, 1.5 KiB, 20.0 MiB, 1.2 GiB.</summary>
    public static string Bytes(double n)
    {
        string[] units = ["B", "KiB", "MiB", "GiB", "TiB"];
        int u = 0;
        while (n >= 1024 && u < units.Length - 1)
        {
            n /= 1024;
            u++;
        }

        return u == 0 ? string.Create(CultureInfo.InvariantCulture, $"{n:0} B") : string.Create(CultureInfo.InvariantCulture, $"{n:0.0} {units[u]}");
    }

    private static string Eta(double seconds)
    {
        var t = TimeSpan.FromSeconds(Math.Min(seconds, 359999));
        return t.TotalHours >= 1
            ? string.Create(CultureInfo.InvariantCulture, $"{(int)t.TotalHours}:{t.Minutes:00}:{t.Seconds:00}")
            : string.Create(CultureInfo.InvariantCulture, $"{t.Minutes}:{t.Seconds:00}");
    }
}
