namespace Signing.S3.Internal;

/// <summary>
/// The cancellation of one attempt: the caller's token, the attempt's deadline
/// (<see cref="S3ClientOptions.Timeout"/>) and the idle watch over body bytes
/// (<see cref="S3ClientOptions.IdleTimeout"/>). The idle clock runs only while bytes are expected
/// (<see cref="Expect"/>: a body write or read is under way) and stops in between
/// (<see cref="Rest"/>), so a slow consumer or the server's think time before the response head is
/// never taken for a stall. When either clock runs out, <see cref="Token"/> is cancelled, which
/// makes HttpClient abort the connection.
/// </summary>
internal sealed class AttemptScope : IDisposable
{
    private static readonly TimeSpan Never = Timeout.InfiniteTimeSpan;

    private readonly CancellationToken _caller;
    private readonly CancellationTokenSource _cts;
    private readonly CancellationTokenSource? _idle;
    private readonly CancellationTokenRegistration _idleRegistration;
    private readonly TimeSpan _idleTimeout;
    private string _phase = "waiting for the response";
    private int _disposed;

    public AttemptScope(TimeSpan timeout, TimeSpan idleTimeout, CancellationToken caller)
    {
        _caller = caller;
        _cts = CancellationTokenSource.CreateLinkedTokenSource(caller);
        if (timeout != Never)
        {
            _cts.CancelAfter(timeout);
        }

        _idleTimeout = idleTimeout;
        if (idleTimeout != Never)
        {
            _idle = new CancellationTokenSource();
            _idleRegistration = _idle.Token.UnsafeRegister(static s => ((AttemptScope)s!).CancelQuietly(), this);
        }
    }

    /// <summary>Cancelled by the caller, the deadline or the idle watch.</summary>
    public CancellationToken Token => _cts.Token;

    /// <summary>The idle watch ran out: no byte moved for <see cref="IdleTimeout"/>.</summary>
    public bool IdleExpired => _idle?.IsCancellationRequested == true;

    /// <summary>The caller cancelled.</summary>
    public bool CallerCancelled => _caller.IsCancellationRequested;

    /// <summary>Whether the scope was handed over to a response stream, which disposes it.</summary>
    public bool Detached { get; private set; }

    /// <summary>Hands the scope over to a streamed body, which disposes it; the attempt's deadline ends.</summary>
    public AttemptScope Detach()
    {
        Detached = true;
        EndDeadline();
        return this;
    }

    /// <summary>The idle limit.</summary>
    public TimeSpan IdleTimeout => _idleTimeout;

    /// <summary>What was under way when the idle watch last started, for messages ("sending the request body").</summary>
    public string Phase => _phase;

    /// <summary>Bytes are expected now (a write or read is starting): the idle clock starts afresh.</summary>
    public void Expect(string phase)
    {
        _phase = phase;
        if (_idle is not null && Volatile.Read(ref _disposed) == 0)
        {
            try
            {
                _idle.CancelAfter(_idleTimeout);
            }
            catch (ObjectDisposedException)
            {
                // Disposed concurrently: the attempt is over.
            }
        }
    }

    /// <summary>No bytes are expected until the next <see cref="Expect"/>: the idle clock stops.</summary>
    public void Rest()
    {
        if (_idle is not null && Volatile.Read(ref _disposed) == 0 && !_idle.IsCancellationRequested)
        {
            try
            {
                _idle.CancelAfter(Never);
            }
            catch (ObjectDisposedException)
            {
            }
        }
    }

    /// <summary>The deadline no longer applies: the body is handed to the caller, who reads at its own pace (the idle watch still applies).</summary>
    public void EndDeadline()
    {
        try
        {
            _cts.CancelAfter(Never);
        }
        catch (ObjectDisposedException)
        {
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
    public Exception Explain(Exception e, TimeSpan deadline)
    {
        if (CallerCancelled || e is TimeoutException)
        {
            return e;
        }

        if (IdleExpired)
        {
            return new TimeoutException($"no byte moved for {Seconds(_idleTimeout)} while {_phase} (IdleTimeout)", e);
        }

        return e is OperationCanceledException && _cts.IsCancellationRequested
            ? new TimeoutException($"the attempt took longer than {Seconds(deadline)} (Timeout)", e)
            : e;
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _idleRegistration.Dispose();
        _idle?.Dispose();
        _cts.Dispose();
    }

    internal static string Seconds(TimeSpan t) =>
        t == Never ? "ever" : t.TotalSeconds.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture) + " s";
}
