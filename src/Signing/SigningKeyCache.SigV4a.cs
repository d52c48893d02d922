using System.Collections.Concurrent;

namespace Signing;

// The SigV4a side of the cache: one key pair per access key (its derivation has no date, region
// or service), held and dropped by the same rules as the SigV4 keys.
public sealed partial class SigningKeyCache
{
    private readonly ConcurrentDictionary<string, SigV4aEntry> _sigV4a = new(StringComparer.Ordinal);
    private long _sigV4aDerivations;

    /// <summary>The number of SigV4a key pairs held now (one per access key; at most <see cref="Capacity"/>).</summary>
    public int SigV4aCount => _sigV4a.Count;

    /// <summary>How many SigV4a key pairs this cache has derived (tests count re-derivations with it).</summary>
    internal long SigV4aDerivations => Interlocked.Read(ref _sigV4aDerivations);

    /// <inheritdoc/>
    /// <exception cref="ArgumentNullException"><paramref name="credentials"/> is null.</exception>
    public SigV4aSigningKey GetSigV4aSigningKey(AwsCredentials credentials)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        if (_sigV4a.TryGetValue(credentials.AccessKeyId, out var entry) && entry.IsFor(credentials.SecretAccessKey))
        {
            if (!entry.Used)
            {
                entry.Used = true;
            }

            return entry.Key;
        }

        var derived = SigV4aSigningKey.Create(credentials);
        Interlocked.Increment(ref _sigV4aDerivations);
        return InsertSigV4a(credentials, derived);
    }

    /// <summary>
    /// Puts a key pair in, replacing (and disposing) the one of a rotated secret; when full, evicts
    /// one not used since the last eviction passed it (else any). Returns another thread's key when
    /// it derived the same one first.
    /// </summary>
    private SigV4aSigningKey InsertSigV4a(AwsCredentials credentials, SigV4aSigningKey derived)
    {
        lock (_gate)
        {
            if (_sigV4a.TryGetValue(credentials.AccessKeyId, out var existing))
            {
                if (existing.IsFor(credentials.SecretAccessKey))
                {
                    derived.Dispose();
                    return existing.Key;
                }

                existing.Key.Dispose(); // the secret was rotated: its old key goes
            }
            else if (_sigV4a.Count >= Capacity)
            {
                EvictSigV4a();
            }

            _sigV4a[credentials.AccessKeyId] = new SigV4aEntry(credentials.SecretAccessKey, derived);
            return derived;
        }
    }

    /// <summary>Second chance over the entries: the first not used since the last pass goes; the used ones are marked unused.</summary>
    private void EvictSigV4a()
    {
        KeyValuePair<string, SigV4aEntry>? victim = null;
        foreach (var pair in _sigV4a)
        {
            if (!pair.Value.Used)
            {
                victim = pair;
                break;
            }

            pair.Value.Used = false;
            victim ??= pair;
        }

        if (victim is { } v && _sigV4a.TryRemove(v))
        {
            v.Value.Key.Dispose();
        }
    }

    /// <summary>Removes and disposes every SigV4a key pair (part of <see cref="Clear"/>).</summary>
    private void ClearSigV4a()
    {
        lock (_gate)
        {
            foreach (var pair in _sigV4a)
            {
                pair.Value.Key.Dispose();
            }

            _sigV4a.Clear();
        }
    }

    // Holds a reference to the secret string the credentials already hold, only to detect a rotated
    // secret for the same access key id; it has no ToString that could show it.
    private sealed class SigV4aEntry(string secret, SigV4aSigningKey key)
    {
        private readonly string _secret = secret;

        public SigV4aSigningKey Key { get; } = key;

        /// <summary>Used since the last eviction passed: spared once. Set by hits without a lock.</summary>
        public bool Used { get; set; }

        public bool IsFor(string secret) => ReferenceEquals(_secret, secret) || string.Equals(_secret, secret, StringComparison.Ordinal);

        public override string ToString() => "SigningKeyCache.SigV4aEntry";
    }
}
