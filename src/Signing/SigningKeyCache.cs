using System.Collections.Concurrent;

namespace Signing;

/// <summary>A store of derived SigV4 signing keys. Replace it to share keys differently or to disable caching.</summary>
public interface ISigningKeyCache
{
    /// <summary>
    /// Returns the signing key for the scope, deriving it on a miss. The array is shared: callers
    /// must not modify it.
    /// </summary>
    /// <param name="credentials">The credentials whose secret the key is derived from.</param>
    /// <param name="scopeDate">The scope date, <c>yyyyMMdd</c>.</param>
    /// <param name="region">The scope region.</param>
    /// <param name="service">The scope service.</param>
    byte[] GetSigningKey(AwsCredentials credentials, ReadOnlySpan<char> scopeDate, string region, string service);
}

/// <summary>
/// A bounded, thread-safe cache of signing keys keyed by (access key id, date, region, service).
/// A key is derived once a day per scope instead of four HMACs per request. Entries hold the
/// derived key, never the secret in any loggable form; an entry is re-derived when the secret for
/// its access key id changes. When full, the cache is emptied and refills (scopes are few).
/// </summary>
public sealed class SigningKeyCache : ISigningKeyCache
{
    private readonly ConcurrentDictionary<Key, Entry> _entries = new();

    /// <summary>Creates a cache holding at most <paramref name="capacity"/> keys.</summary>
    /// <param name="capacity">The most keys held, 1 or more. Default 256.</param>
    public SigningKeyCache(int capacity = 256)
    {
        if (capacity < 1)
        {
            Internal.ThrowHelper.OutOfRange(nameof(capacity), capacity, $"capacity {capacity} is out of range: pass 1 or more.");
        }

        Capacity = capacity;
    }

    /// <summary>The process-wide cache the signers use unless given another.</summary>
    public static SigningKeyCache Shared { get; } = new();

    /// <summary>A cache that stores nothing: every signature derives its key (for cold-path measurements).</summary>
    public static ISigningKeyCache None { get; } = new NoCache();

    /// <summary>The most keys held.</summary>
    public int Capacity { get; }

    /// <summary>The number of keys held now.</summary>
    public int Count => _entries.Count;

    /// <inheritdoc/>
    public byte[] GetSigningKey(AwsCredentials credentials, ReadOnlySpan<char> scopeDate, string region, string service)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        var key = new Key(credentials.AccessKeyId, ParseDate(scopeDate), region, service);
        if (_entries.TryGetValue(key, out var entry) && string.Equals(entry.Secret, credentials.SecretAccessKey, StringComparison.Ordinal))
        {
            return entry.SigningKey;
        }

        var derived = new byte[SigningKey.Length];
        SigningKey.Derive(credentials.SecretAccessKey, scopeDate, region, service, derived);
        if (_entries.Count >= Capacity)
        {
            _entries.Clear();
        }

        _entries[key] = new Entry(credentials.SecretAccessKey, derived);
        return derived;
    }

    /// <summary>Removes every key.</summary>
    public void Clear() => _entries.Clear();

    /// <summary>Shows the count and capacity only.</summary>
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

    // Holds a reference to the secret string the credentials already hold, only to detect a rotated
    // secret for the same access key id; it has no ToString that could show it.
    private sealed class Entry(string secret, byte[] signingKey)
    {
        public string Secret { get; } = secret;

        public byte[] SigningKey { get; } = signingKey;

        public override string ToString() => "SigningKeyCache.Entry";
    }

    private sealed class NoCache : ISigningKeyCache
    {
        public byte[] GetSigningKey(AwsCredentials credentials, ReadOnlySpan<char> scopeDate, string region, string service)
        {
            ArgumentNullException.ThrowIfNull(credentials);
            var derived = new byte[SigningKey.Length];
            SigningKey.Derive(credentials.SecretAccessKey, scopeDate, region, service, derived);
            return derived;
        }

        public override string ToString() => "SigningKeyCache.None";
    }
}
