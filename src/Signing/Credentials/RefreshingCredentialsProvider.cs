using System.Runtime.ExceptionServices;
using Signing.Internal;
using Signing.Internal.Credentials;

namespace Signing;

/// <summary>
/// Caches the credentials of another provider and renews them before they expire, the way the AWS
/// SDKs do. Credentials without <see cref="AwsCredentials.Expiration"/> are fetched once and kept.
/// For temporary ones, with <c>L</c> their lifetime when fetched:
/// <list type="bullet">
/// <item><b>Refresh ahead</b>: from <see cref="RefreshAhead"/> (default 5 minutes, at most <c>L/2</c>)
/// before the expiry, the first caller starts one renewal in the background and every caller goes on
/// with the current credentials, which are still good.</item>
/// <item><b>Must refresh</b>: from <see cref="ExpiryMargin"/> (default 1 minute, at most <c>L/4</c>)
/// before the expiry the current credentials are no longer handed out (a request signed now could
/// arrive after it): callers wait for the renewal.</item>
/// <item><b>Single flight</b>: however many callers ask at once, one fetch runs; all share its result.
/// A caller's cancellation stops its wait, not the shared fetch.</item>
/// <item><b>Failures</b>: a failed renewal ahead of time keeps the current credentials (tried again
/// after 1 to 10 seconds, see <see cref="LastRefreshError"/>); a failure once they must be renewed is
/// thrown to the callers waiting, and the next call tries again.</item>
/// </list>
/// All times come from the <see cref="TimeProvider"/> given (tests drive it). Thread-safe.
/// </summary>
public sealed class RefreshingCredentialsProvider : IAwsCredentialsProvider
{
    /// <summary>The default <see cref="RefreshAhead"/>: 5 minutes, as the AWS SDKs for Java and .NET.</summary>
    public static readonly TimeSpan DefaultRefreshAhead = TimeSpan.FromMinutes(5);

    /// <summary>The default <see cref="ExpiryMargin"/>: 1 minute.</summary>
    public static readonly TimeSpan DefaultExpiryMargin = TimeSpan.FromMinutes(1);

    private readonly IAwsCredentialsProvider _source;
    private readonly TimeProvider _clock;
    private readonly object _gate = new();
    private volatile Entry? _current;
    private Task<Entry>? _refresh;
    private DateTimeOffset _retryAfter;
    private long _fetches;

    /// <summary>Creates the cache around <paramref name="source"/>.</summary>
    /// <param name="source">Fetches fresh credentials (called once per renewal, never concurrently with itself by this cache).</param>
    /// <param name="clock">The clock; default <see cref="TimeProvider.System"/>.</param>
    /// <param name="refreshAhead">How long before the expiry a renewal starts; default <see cref="DefaultRefreshAhead"/>.</param>
    /// <param name="expiryMargin">How long before the expiry credentials are no longer used; default <see cref="DefaultExpiryMargin"/>. Must be shorter than <paramref name="refreshAhead"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="source"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A time is negative, or the margin is not shorter than the refresh-ahead time.</exception>
    public RefreshingCredentialsProvider(IAwsCredentialsProvider source, TimeProvider? clock = null, TimeSpan? refreshAhead = null, TimeSpan? expiryMargin = null)
    {
        if (source is null)
        {
            ThrowHelper.Null(nameof(source));
        }

        RefreshAhead = refreshAhead ?? DefaultRefreshAhead;
        ExpiryMargin = expiryMargin ?? DefaultExpiryMargin;
        if (RefreshAhead <= TimeSpan.Zero)
        {
            ThrowHelper.OutOfRange(nameof(refreshAhead), RefreshAhead, $"refreshAhead {RefreshAhead} is out of range: pass a positive time, such as 5 minutes.");
        }

        if (ExpiryMargin < TimeSpan.Zero || ExpiryMargin >= RefreshAhead)
        {
            ThrowHelper.OutOfRange(nameof(expiryMargin), ExpiryMargin, $"expiryMargin {ExpiryMargin} is out of range: pass zero or more, shorter than refreshAhead ({RefreshAhead}).");
        }

        _source = source;
        _clock = clock ?? TimeProvider.System;
    }

    /// <summary>How long before the expiry a renewal starts in the background (at most half the credentials' lifetime).</summary>
    public TimeSpan RefreshAhead { get; }

    /// <summary>How long before the expiry credentials stop being handed out (at most a quarter of their lifetime).</summary>
    public TimeSpan ExpiryMargin { get; }

    /// <summary>How many times the source has been asked (tests count renewals with it).</summary>
    public long FetchCount => Interlocked.Read(ref _fetches);

    /// <summary>Why the last renewal ahead of time failed, or null (cleared by a successful one). Its message holds no secret.</summary>
    public Exception? LastRefreshError { get; private set; }

    /// <summary>The credentials held now (null before the first fetch); for diagnostics.</summary>
    public AwsCredentials? Current => _current?.Credentials;

    /// <inheritdoc/>
    /// <exception cref="CredentialsNotFoundException">The source failed and no good credentials are held; the source's message says why.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public ValueTask<AwsCredentials> GetCredentialsAsync(CancellationToken cancellationToken = default)
    {
        var now = _clock.GetUtcNow();
        var entry = _current;
        if (entry is not null && now < entry.RefreshAt)
        {
            return new(entry.Credentials);
        }

        if (entry is not null && now < entry.UnusableAt)
        {
            // Ahead of time: one renewal in the background; these credentials are still good.
            lock (_gate)
            {
                if (_refresh is null && now >= _retryAfter && ReferenceEquals(_current, entry))
                {
                    _refresh = StartFetch();
                }
            }

            return new(entry.Credentials);
        }

        return WaitAsync(cancellationToken);
    }

    /// <summary>Shows the source and what is held (access key id and expiry, never a secret).</summary>
    /// <returns>A one-line description.</returns>
    public override string ToString() => $"RefreshingCredentialsProvider {{ Source = {_source}, Current = {(object?)Current ?? "(none)"} }}";

    private async ValueTask<AwsCredentials> WaitAsync(CancellationToken cancellationToken)
    {
        Task<Entry> refresh;
        lock (_gate)
        {
            var entry = _current;
            if (entry is not null && _clock.GetUtcNow() < entry.UnusableAt)
            {
                return entry.Credentials; // another caller renewed them meanwhile
            }

            refresh = _refresh ??= StartFetch();
        }

        return (await refresh.WaitAsync(cancellationToken).ConfigureAwait(false)).Credentials;
    }

    /// <summary>
    /// Starts one fetch, shared by every caller until it ends, off the caller's thread and lock (the
    /// source may block: a process, a file, a socket). A failure nobody waits for is observed here.
    /// </summary>
    private Task<Entry> StartFetch()
    {
        var fetch = Task.Run(FetchAsync);
        _ = fetch.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return fetch;
    }

    /// <summary>One fetch; it stores its result itself.</summary>
    private async Task<Entry> FetchAsync()
    {
        Interlocked.Increment(ref _fetches);
        try
        {
            var credentials = await _source.GetCredentialsAsync(CancellationToken.None).ConfigureAwait(false)
                ?? throw new CredentialsNotFoundException($"The credentials source {_source.GetType().Name} returned null: a provider returns credentials or throws.");
            var now = _clock.GetUtcNow();
            if (credentials.Expiration is { } expiration && expiration <= now)
            {
                throw new CredentialsNotFoundException(
                    $"{credentials.Source} returned credentials (access key {credentials.AccessKeyId}) that expired at {SourceText.Iso(expiration)}, before now ({SourceText.Iso(now)}): renew them at their source, or check this machine's clock.");
            }

            var entry = Entry.For(credentials, now, RefreshAhead, ExpiryMargin);
            lock (_gate)
            {
                _current = entry;
                _refresh = null;
                LastRefreshError = null;
            }

            return entry;
        }
        catch (Exception ex)
        {
            lock (_gate)
            {
                _refresh = null;
                LastRefreshError = ex;
                var now = _clock.GetUtcNow();
                var left = _current is { } held ? held.UnusableAt - now : TimeSpan.Zero;
                _retryAfter = now + TimeSpan.FromTicks(Math.Clamp(left.Ticks / 4, TimeSpan.TicksPerSecond, 10 * TimeSpan.TicksPerSecond));
            }

            ExceptionDispatchInfo.Throw(ex);
            throw;
        }
    }

    /// <summary>Credentials and the two times that govern them.</summary>
    private sealed record Entry(AwsCredentials Credentials, DateTimeOffset RefreshAt, DateTimeOffset UnusableAt)
    {
        public static Entry For(AwsCredentials credentials, DateTimeOffset fetched, TimeSpan ahead, TimeSpan margin)
        {
            if (credentials.Expiration is not { } expiration)
            {
                return new(credentials, DateTimeOffset.MaxValue, DateTimeOffset.MaxValue);
            }

            var lifetime = expiration - fetched;
            return new(credentials, expiration - Min(ahead, lifetime / 2), expiration - Min(margin, lifetime / 4));
        }

        private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
    }
}
