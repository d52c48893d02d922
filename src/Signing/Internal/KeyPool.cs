using System.Numerics;
using System.Security.Cryptography;

namespace Signing.Internal;

/// <summary>
/// A key and the instances made from it (keyed HMACs, ECDSA signers), owned together and disposed
/// together: the holder of a long-lived key (a cached signing key, a SigV2 signer's secret, a SigV4a
/// key pair) keeps its instances here rather than in thread statics, so dropping the key drops them.
/// <para>
/// The instances are not thread-safe, so each use takes one out of a slot
/// (<see cref="Interlocked.Exchange{T}(ref T, T)"/>), uses it, and puts it back; a thread starts at
/// the slot its id maps to, so threads on different cores seldom meet. When every slot is taken a
/// new instance is made, and one that finds no free slot on return is disposed: at most
/// <see cref="KeyPool.SlotCount"/> instances are kept.
/// </para>
/// <para>
/// <see cref="Dispose"/> zeroes the key and disposes the kept instances. A use already under way
/// finishes with its instance (made from the intact key) and disposes it on return; a use that
/// starts after it fails (<see cref="Rent"/> returns null), never using a zeroed key.
/// </para>
/// </summary>
/// <typeparam name="T">The instance made from the key.</typeparam>
internal abstract class KeyPool<T> : IDisposable
    where T : class, IDisposable
{
    /// <summary>The key, owned; zeroed on dispose. Also the lock that orders making an instance before zeroing.</summary>
    private readonly byte[] _key;

    // Slots are structs so that taking a slot's reference needs no array covariance check in
    // the shared generic code (a T[] element would be checked against T at run time).
    private readonly Slot[] _slots = new Slot[KeyPool.SlotCount];
    private volatile bool _disposed;

    /// <summary>Creates a pool that owns <paramref name="key"/> (not copied: the caller hands it over).</summary>
    protected KeyPool(byte[] key) => _key = key;

    public bool IsDisposed => _disposed;

    /// <summary>How many instances the slots hold now (tests).</summary>
    internal int Kept
    {
        get
        {
            int n = 0;
            foreach (var slot in _slots)
            {
                n += slot.Instance is null ? 0 : 1;
            }

            return n;
        }
    }

    /// <summary>Zeroes the key and disposes the kept instances. Idempotent; safe while other threads use the pool.</summary>
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
    public override string ToString() => GetType().Name;

    /// <summary>Makes a new instance from the intact key (called under the key's lock, never after dispose).</summary>
    protected abstract T Create(byte[] key);

    /// <summary>Puts an instance in the first slot (the constructor's own, made while working out something from the key).</summary>
    protected void Keep(T instance) => _slots[0].Instance = instance;

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

    /// <summary>
    /// Takes an instance: the one in the slot of this thread (<paramref name="home"/>), else another
    /// slot's, else a new one from the key; null once disposed. Give it back with <see cref="Return"/>.
    /// </summary>
    protected T? Rent(out int home)
    {
        var slots = _slots;
        home = Environment.CurrentManagedThreadId & (slots.Length - 1);
        if (_disposed)
        {
            return null;
        }

        if (Interlocked.Exchange(ref slots[home].Instance, null) is { } own)
        {
            return own;
        }

        for (int i = 1; i < slots.Length; i++)
        {
            if (Interlocked.Exchange(ref slots[(home + i) & (slots.Length - 1)].Instance, null) is { } taken)
            {
                return taken;
            }
        }

        lock (_key)
        {
            return _disposed ? null : Create(_key);
        }
    }

    /// <summary>Puts back what <see cref="Rent"/> took: in its home slot, else another free one, else it is disposed.</summary>
    protected void Return(T instance, int home)
    {
        var slots = _slots;
        int i = 0;
        while (Interlocked.CompareExchange(ref slots[(home + i) & (slots.Length - 1)].Instance, instance, null) is not null)
        {
            if (++i == slots.Length)
            {
                instance.Dispose();
                break;
            }
        }

        // Dispose sets the flag before it empties the slots, and we read it after putting back:
        // either it empties our slot or we see the flag and empty it ourselves.
        if (_disposed)
        {
            Drain();
        }
    }

    private void Drain()
    {
        var slots = _slots;
        for (int i = 0; i < slots.Length; i++)
        {
            Interlocked.Exchange(ref slots[i].Instance, null)?.Dispose();
        }
    }

    private struct Slot
    {
        public T? Instance;
    }
}

/// <summary>What every <see cref="KeyPool{T}"/> shares.</summary>
internal static class KeyPool
{
    /// <summary>Slots per key: the processor count as a power of two, at most 8.</summary>
    internal static readonly int SlotCount = (int)Math.Min(BitOperations.RoundUpToPowerOf2((uint)Math.Max(1, Environment.ProcessorCount)), 8u);
}
