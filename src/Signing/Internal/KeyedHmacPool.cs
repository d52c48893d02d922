using System.Numerics;
using System.Security.Cryptography;

namespace Signing.Internal;

/// <summary>
/// A key and the keyed HMAC instances made from it, owned together and disposed together: the
/// holder of a long-lived key (a cached signing key, a SigV2 signer's secret) keeps its keyed
/// <see cref="IncrementalHash"/> instances here rather than in thread statics, so dropping the key
/// drops them. On Linux a keyed instance saves the OpenSSL set-up each one-shot HMAC pays.
/// <para>
/// <see cref="IncrementalHash"/> is not thread-safe, so each use takes an instance out of a slot
/// (<see cref="Interlocked.Exchange{T}(ref T, T)"/>), hashes, and puts it back; a thread starts at
/// the slot its id maps to, so threads on different cores seldom meet. When every slot is taken a
/// new instance is made, and one that finds no free slot on return is disposed: at most
/// <see cref="SlotCount"/> instances are kept.
/// </para>
/// <para>
/// <see cref="Dispose"/> zeroes the key and disposes the kept instances. A hash already under way
/// finishes with its instance (made from the intact key) and disposes it on return; a hash that
/// starts after it fails (<see cref="TryHash"/> returns false), never hashing with a zeroed key.
/// </para>
/// </summary>
internal sealed class KeyedHmacPool : IDisposable
{
    /// <summary>Slots per key: the processor count as a power of two, at most 8.</summary>
    internal static readonly int SlotCount = (int)Math.Min(BitOperations.RoundUpToPowerOf2((uint)Math.Max(1, Environment.ProcessorCount)), 8u);

    private readonly HashAlgorithmName _algorithm;

    /// <summary>The key, owned; zeroed on dispose. Also the lock that orders making an instance before zeroing.</summary>
    private readonly byte[] _key;

    private readonly IncrementalHash?[] _slots = new IncrementalHash?[SlotCount];
    private volatile bool _disposed;

    /// <summary>Creates a pool that owns <paramref name="key"/> (not copied: the caller hands it over).</summary>
    public KeyedHmacPool(HashAlgorithmName algorithm, byte[] key)
    {
        _algorithm = algorithm;
        _key = key;
    }

    public bool IsDisposed => _disposed;

    /// <summary>How many keyed instances the slots hold now (tests).</summary>
    internal int Kept
    {
        get
        {
            int n = 0;
            foreach (var slot in _slots)
            {
                n += slot is null ? 0 : 1;
            }

            return n;
        }
    }

    /// <summary>Writes the HMAC of <paramref name="data"/>; false, with nothing written, once disposed.</summary>
    public bool TryHash(ReadOnlySpan<byte> data, Span<byte> destination)
    {
        if (_disposed)
        {
            return false;
        }

        var slots = _slots;
        int home = Environment.CurrentManagedThreadId & (slots.Length - 1);
        var hmac = Interlocked.Exchange(ref slots[home], null) ?? TakeOrCreate(home);
        if (hmac is null)
        {
            return false;
        }

        hmac.AppendData(data);
        hmac.GetHashAndReset(destination);
        if (Interlocked.CompareExchange(ref slots[home], hmac, null) is not null)
        {
            PutBackElsewhere(hmac, home);
        }

        // Dispose sets the flag before it empties the slots, and we read it after putting back:
        // either it empties our slot or we see the flag and empty it ourselves.
        if (_disposed)
        {
            Drain();
        }

        return true;
    }

    /// <summary>Copies the key; false once disposed.</summary>
    public bool TryCopyKey(Span<byte> destination)
    {
        lock (_key)
        {
            if (_disposed)
            {
                return false;
            }

            _key.CopyTo(destination);
            return true;
        }
    }

    /// <summary>Zeroes the key and disposes the kept instances. Idempotent; safe while other threads hash.</summary>
    public void Dispose()
    {
        lock (_key)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            CryptographicOperations.ZeroMemory(_key);
        }

        Drain();
    }

    /// <summary>Shows nothing of the key.</summary>
    public override string ToString() => "KeyedHmacPool";

    /// <summary>Another slot's instance, else a new one from the key; null once disposed.</summary>
    private IncrementalHash? TakeOrCreate(int home)
    {
        var slots = _slots;
        for (int i = 1; i < slots.Length; i++)
        {
            if (Interlocked.Exchange(ref slots[(home + i) & (slots.Length - 1)], null) is { } taken)
            {
                return taken;
            }
        }

        lock (_key)
        {
            return _disposed ? null : IncrementalHash.CreateHMAC(_algorithm, _key);
        }
    }

    private void PutBackElsewhere(IncrementalHash hmac, int home)
    {
        var slots = _slots;
        for (int i = 1; i < slots.Length; i++)
        {
            if (Interlocked.CompareExchange(ref slots[(home + i) & (slots.Length - 1)], hmac, null) is null)
            {
                return;
            }
        }

        hmac.Dispose();
    }

    private void Drain()
    {
        var slots = _slots;
        for (int i = 0; i < slots.Length; i++)
        {
            Interlocked.Exchange(ref slots[i], null)?.Dispose();
        }
    }
}
