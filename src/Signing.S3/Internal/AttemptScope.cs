namespace Signing.S3.Internal;

/// <summary>
/// The cancellation of one attempt: the caller's token, the attempt's deadline
/// (<see cref="S3ClientOptions.Timeout"/>) and the idle watch over body bytes
/// (<see cref="S3ClientOptions.IdleTimeout"/>), on one token source and its one timer. The idle
/// clock runs only while bytes are expected (<see cref="Expect"/>: a body write or read is under
/// way) and stops in between (<see cref="Rest"/>), so a slow consumer or the server's think time
/// before the response head is never taken for a stall. When either clock runs out,
/// <see cref="Token"/> is cancelled, which makes HttpClient abort the connection.
/// </summary>
internal sealed class AttemptScope : IDisposable
{
    private static readonly TimeSpan Never = Timeout.InfiniteTimeSpan;

    private readonly CancellationToken _caller;
    private readonly CancellationTokenSource _cts;
    private readonly long _idleMs;
    private readonly TimeSpan _idleTimeout;
    private readonly TimeSpan _timeout;

    /// <summary>When the deadline falls, in <see cref="Environment.TickCount64"/> milliseconds; <see cref="long.MaxValue"/> for none.</summary>
    private long _deadline;
    private volatile bool _expecting;
    private string _phase = "waiting for the response";
    private int _disposed;

    public AttemptScope(TimeSpan timeout, TimeSpan idleTimeout, CancellationToken caller)
    {
        _caller = caller;
        _timeout = timeout;
        _cts = CancellationTokenSource.CreateLinkedTokenSource(caller);
        _idleTimeout = idleTimeout;
        _idleMs = idleTimeout == Never ? -1 : (long)idleTimeout.TotalMilliseconds;
        _deadline = timeout == Never ? long.MaxValue : Environment.TickCount64 + (long)timeout.TotalMilliseconds;
        if (timeout != Never)
        {
            _cts.CancelAfter(timeout);
        }
    }

    /// <summary>Cancelled by the caller, the deadline or the idle watch.</summary>
    public CancellationToken Token => _cts.Token;

    /// <summary>
    /// The idle watch ran out: the token was cancelled, not by the caller, while bytes were
    /// expected and before the deadline (a failed read or write never calls <see cref="Rest"/>).
    /// </summary>
    public bool IdleExpired => _idleMs >= 0 && _expecting && _cts.IsCancellationRequested && !_caller.IsCancellationRequested
        && Environment.TickCount64 < Volatile.Read(ref _deadline);

    /// <summary>The caller cancelled.</summary>
    public bool CallerCancelled => _caller.IsCancellationRequested;

    /// <summary>Whether the scope was handed over to a response stream, which disposes it.</summary>
    public bool Detached { get; private set; }

    /// <summary>The idle limit.</summary>
    public TimeSpan IdleTimeout => _idleTimeout;

    /// <summary>Hands the scope over to a streamed body, which disposes it; the attempt's deadline ends.</summary>
    public AttemptScope Detach()
    {
        Detached = true;
        Volatile.Write(ref _deadline, long.MaxValue);
        Arm(_expecting);
        return this;
    }

    /// <summary>Bytes are expected now (a write or read is starting): the idle clock starts afresh.</summary>
    public void Expect(string phase)
    {
        _phase = phase;
        _expecting = true;
        if (_idleMs >= 0)
        {
            Arm(expecting: true);
        }
    }

    /// <summary>No bytes are expected until the next <see cref="Expect"/>: the idle clock stops.</summary>
    public void Rest()
    {
        _expecting = false;
        if (_idleMs >= 0)
        {
            Arm(expecting: false);
        }
    }

    /// <summary>Cancels the attempt (the caller's token passed to a read was cancelled).</summary>
    public void CancelQuietly()
    {
        try
        {
            _cts.Cancel();
        }
        catch (ObjectDisposedException)
        {
        }
    }

    /// <summary>
    /// The exception to report for <paramref name="e"/>, which ended the attempt: a
    /// <see cref="TimeoutException"/> when the idle watch or the deadline ran out (a cancellation
    /// the caller did not ask for), else <paramref name="e"/> itself.
    /// </summary>
    public Exception Explain(Exception e) =>
        CallerCancelled || e is TimeoutException ? e
        : IdleExpired ? new TimeoutException($"no byte moved for {Seconds(_idleTimeout)} while {_phase} (IdleTimeout)", e)
        : e is OperationCanceledException && _cts.IsCancellationRequested ? new TimeoutException($"the attempt took longer than {Seconds(_timeout)} (Timeout)", e)
        : e;

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _cts.Dispose();
        }
    }

    internal static string Seconds(TimeSpan t) =>
        t == Never ? "ever" : t.TotalSeconds.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture) + " s";

    /// <summary>Sets the one timer to whichever comes first: the deadline, or (while bytes are expected) the idle limit.</summary>
    private void Arm(bool expecting)
    {
        if (Volatile.Read(ref _disposed) != 0 || _cts.IsCancellationRequested)
        {
            return;
        }

        long deadline = Volatile.Read(ref _deadline);
        long untilDeadline = deadline == long.MaxValue ? long.MaxValue : Math.Max(0, deadline - Environment.TickCount64);
        long wait = expecting && _idleMs >= 0 ? Math.Min(_idleMs, untilDeadline) : untilDeadline;
        try
        {
            _cts.CancelAfter(wait == long.MaxValue ? Never : TimeSpan.FromMilliseconds(wait));
        }
        catch (ObjectDisposedException)
        {
            // Disposed concurrently: the attempt is over.
        }
    }
}
