namespace Signing.S3.Internal;

/// <summary>
/// A clock that is another clock plus an offset learnt from the server (<c>RequestTimeTooSkewed</c>):
/// the signers read it, so every later request is signed with the corrected time. Thread-safe.
/// </summary>
internal sealed class SkewedClock : TimeProvider
{
    private readonly TimeProvider _inner;
    private long _offsetTicks;

    public SkewedClock(TimeProvider inner) => _inner = inner;

    /// <summary>The correction added to the inner clock's time.</summary>
    public TimeSpan Offset
    {
        get => TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));
        set => Interlocked.Exchange(ref _offsetTicks, value.Ticks);
    }

    /// <summary>The inner clock's time, uncorrected.</summary>
    public DateTimeOffset GetUncorrectedUtcNow() => _inner.GetUtcNow();

    /// <inheritdoc/>
    public override DateTimeOffset GetUtcNow() => _inner.GetUtcNow() + Offset;

    /// <inheritdoc/>
    public override TimeZoneInfo LocalTimeZone => _inner.LocalTimeZone;

    /// <inheritdoc/>
    public override long TimestampFrequency => _inner.TimestampFrequency;

    /// <inheritdoc/>
    public override long GetTimestamp() => _inner.GetTimestamp();

    /// <inheritdoc/>
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        _inner.CreateTimer(callback, state, dueTime, period);
}
