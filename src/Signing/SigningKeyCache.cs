using System.Collections.Concurrent;

namespace Signing;

/// <summary>
/// A store of derived SigV4 signing keys. Each <see cref="SigningKey"/> owns the keyed HMAC
/// instances that sign with it, so a key the cache drops and disposes leaves nothing behind.
/// Replace it to share keys differently (bounds, lifetimes, per tenant, metrics) or not at all:
/// the signers keep no key material of their own.
/// </summary>
public interface ISigningKeyCache
{
    /// <summary>
    /// Returns the signing key for the scope, deriving it (<see cref="SigningKey.Create"/>) on a
    /// miss. The key stays the cache's: callers read it and sign with it, never dispose it. The
    /// cache disposes a key when it drops it, at any time: a signature under way finishes with it,
    /// and a signer handed a key disposed meanwhile asks again, then derives one for that signature alone.
    /// </summary>
    /// <param name="credentials">The credentials whose secret the key is derived from.</param>
    /// <param name="scopeDate">The scope date, <c>yyyyMMdd</c>.</param>
    /// <param name="region">The scope region.</param>
    /// <param name="service">The scope service.</param>
    /// <returns>The signing key.</returns>
    SigningKey GetSigningKey(AwsCredentials credentials, ReadOnlySpan<char> scopeDate, string region, string service);

    /// <summary>
    /// Returns the SigV4a key pair of the credentials' access key, deriving it
    /// (<see cref="SigV4aSigningKey.Create"/>) on a miss; the same rules as
    /// <see cref="GetSigningKey"/>: the key stays the cache's, which disposes it when it drops it.
    /// The default keeps nothing: a single-use key, derived for one signature and disposed by it.
    /// </summary>
    /// <param name="credentials">The credentials whose access key id and secret the key is derived from.</param>
    /// <returns>The key pair.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="credentials"/> is null.</exception>
    SigV4aSigningKey GetSigV4aSigningKey(AwsCredentials credentials) => SigV4aSigningKey.CreateSingleUse(credentials);
}

/// <summary>
/// A bounded, thread-safe cache of signing keys keyed by (access key id, date, region, service).
/// A key is derived once a day per scope instead of four HMACs per request. Entries hold the
/// derived key (with its keyed HMAC instances), never the secret in any loggable form; an entry is
/// re-derived when the secret for its access key id changes. A key dropped (evicted, replaced,
/// cleared) is disposed: zeroed, its keyed instances released. When full, a miss evicts one entry chosen by the clock
/// (second-chance) rule: entries used since the hand last passed are skipped, so scopes in steady
/// use stay cached while a stream of scopes used once passes through. A hit takes no lock and
/// allocates nothing.
/// </summary>
public sealed partial class SigningKeyCache : ISigningKeyCache
{
    private readonly Store<Key> _keys;

    /// <summary>Creates a cache holding at most <paramref name="capacity"/> keys.</summary>
    /// <param name="capacity">The most keys held, 1 or more. Default 256.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="capacity"/> is less than 1.</exception>
    public SigningKeyCache(int capacity = 256)
    {
        if (capacity < 1)
        {
            Internal.ThrowHelper.OutOfRange(nameof(capacity), capacity, $"capacity {capacity} is out of range: pass 1 or more.");
        }

        Capacity = capacity;
        _keys = new(capacity);
        _sigV4a = new(capacity, StringComparer.Ordinal);
    }

    /// <summary>The process-wide cache the signers use unless given another.</summary>
    public static SigningKeyCache Shared { get; } = new();

    /// <summary>
    /// A cache that keeps nothing: every signature derives its key, signs once with it and zeroes it
    /// (the signers derive it on the stack; a key asked of it directly is single-use, zeroed by its
    /// one signature). For cold-path measurements, or to keep no key material between signatures.
    /// </summary>
    public static ISigningKeyCache None { get; } = new NoCache();

    /// <summary>The most keys held.</summary>
    public int Capacity { get; }

    /// <summary>The number of keys held now.</summary>
    public int Count => _keys.Count;

    /// <summary>How many keys this cache has derived (tests count re-derivations with it).</summary>
    internal long Derivations => _keys.Derivations;

    /// <inheritdoc/>
    /// <exception cref="ArgumentNullException"><paramref name="credentials"/> is null.</exception>
    /// <exception cref="ArgumentException">The date, region or service is not valid.</exception>
    public SigningKey GetSigningKey(AwsCredentials credentials, ReadOnlySpan<char> scopeDate, string region, string service)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        var key = new Key(credentials.AccessKeyId, ParseDate(scopeDate), region, service);
        return (SigningKey?)_keys.TryGet(key, credentials.SecretAccessKey)
            ?? (SigningKey)_keys.Insert(key, credentials.SecretAccessKey, SigningKey.Create(credentials, scopeDate, region, service));
    }

    /// <summary>
    /// Removes every key (SigV4 and SigV4a), zeroing it and disposing its keyed instances: the cache then holds
    /// no key material. Signatures under way finish; later ones derive their keys again.
    /// </summary>
    public void Clear()
    {
        _keys.Clear();
        _sigV4a.Clear();
    }

    /// <summary>Shows the count and capacity only.</summary>
    /// <returns>The count and capacity.</returns>
    public override string ToString() => $"SigningKeyCache {{ Count = {Count}, Capacity = {Capacity} }}";

    private static int ParseDate(ReadOnlySpan<char> date)
    {
        int value = 0;
        foreach (char c in date)
        {
            value = (value * 10) + (c - '0');
        }

        return value;
    }

    private readonly record struct Key(string AccessKeyId, int Date, string Region, string Service);

    /// <summary>
    /// The keys of one kind (SigV4 keys by scope, SigV4a key pairs by access key), each with the
    /// secret it was derived from, in a clock of at most capacity slots. Values are held as
    /// <see cref="IDisposable"/> and cast back by the caller: a generic value type would make the hit
    /// path shared generic code, which looks its types up at run time.
    /// </summary>
    private sealed class Store<TKey>(int capacity, IEqualityComparer<TKey>? comparer = null)
        where TKey : notnull
    {
        private readonly ConcurrentDictionary<TKey, Entry> _entries = new(comparer);

        /// <summary>The clock: every entry held, in the slot it was put in; grows to capacity. Changed only under <see cref="_gate"/>.</summary>
        private Entry?[] _slots = new Entry?[Math.Min(capacity, 16)];

        private readonly object _gate = new();
        private int _filled;
        private int _hand;
        private long _derivations;

        public int Count => _entries.Count;

        public long Derivations => Interlocked.Read(ref _derivations);

        /// <summary>The value held for <paramref name="key"/> if it was derived from <paramref name="secret"/>, else null. Takes no lock.</summary>
        public IDisposable? TryGet(in TKey key, string secret)
        {
            if (_entries.TryGetValue(key, out var entry) && entry.IsFor(secret))
            {
                if (!entry.Used)
                {
                    entry.Used = true; // written only when it changes: hot entries' cache lines stay shared
                }

                return entry.Value;
            }

            return null;
        }

        /// <summary>
        /// Puts a value just derived in: in the slot of the one it replaces (a rotated secret, or another thread's
        /// derivation of the same key), else a free slot, else the slot of the entry the clock evicts.
        /// The dictionary and the slots always hold the same entries, so the count never passes capacity.
        /// Returns the value to hand out: another thread's, when it derived the same one first.
        /// </summary>
        public IDisposable Insert(TKey key, string secret, IDisposable derived)
        {
            Interlocked.Increment(ref _derivations);
            var entry = new Entry(key, secret, derived);
            lock (_gate)
            {
                int slot;
                if (_entries.TryGetValue(key, out var existing))
                {
                    if (existing.IsFor(secret))
                    {
                        derived.Dispose();
                        return existing.Value;
                    }

                    slot = existing.Slot;
                    existing.Value.Dispose(); // the secret was rotated: its old key goes
                }
                else if (_filled < capacity)
                {
                    if (_filled == _slots.Length)
                    {
                        Array.Resize(ref _slots, (int)Math.Min(capacity, 2L * _slots.Length));
                    }

                    slot = _filled++;
                }
                else
                {
                    slot = Evict();
                }

                entry.Slot = slot;
                _slots[slot] = entry;
                _entries[key] = entry;
                return derived;
            }
        }

        /// <summary>Removes and disposes every value.</summary>
        public void Clear()
        {
            lock (_gate)
            {
                foreach (var entry in _slots)
                {
                    entry?.Value.Dispose();
                }

                _entries.Clear();
                Array.Clear(_slots);
                _filled = 0;
                _hand = 0;
            }
        }

        /// <summary>
        /// Advances the hand to the first entry not used since the hand last passed it, clearing the
        /// used mark of each it skips, and removes it: one eviction, within two turns of the clock.
        /// </summary>
        private int Evict()
        {
            while (true)
            {
                int slot = _hand;
                _hand = slot + 1 == _slots.Length ? 0 : slot + 1;
                var candidate = _slots[slot]!;
                if (candidate.Used)
                {
                    candidate.Used = false;
                    continue;
                }

                _entries.TryRemove(new KeyValuePair<TKey, Entry>(candidate.Key, candidate));
                _slots[slot] = null;
                candidate.Value.Dispose();
                return slot;
            }
        }

        // Holds a reference to the secret string the credentials already hold, only to detect a rotated
        // secret for the same access key id; it has no ToString that could show it.
        private sealed class Entry(TKey key, string secret, IDisposable value)
        {
            private readonly string _secret = secret;

            public TKey Key { get; } = key;

            public IDisposable Value { get; } = value;

            /// <summary>Used since the clock's hand last passed: spared once. Set by hits without a lock (a lost write only costs a re-derivation).</summary>
            public bool Used { get; set; }

            /// <summary>The entry's slot in the clock; set under the lock before the entry is published.</summary>
            public int Slot { get; set; }

            public bool IsFor(string secret) => ReferenceEquals(_secret, secret) || string.Equals(_secret, secret, StringComparison.Ordinal);

            public override string ToString() => "SigningKeyCache.Entry";
        }
    }

    private sealed class NoCache : ISigningKeyCache
    {
        public SigningKey GetSigningKey(AwsCredentials credentials, ReadOnlySpan<char> scopeDate, string region, string service) =>
            SigningKey.CreateSingleUse(credentials, scopeDate, region, service);

        public override string ToString() => "SigningKeyCache.None";
    }
}
