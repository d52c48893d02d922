using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using Signing.Internal;

namespace Signing;

/// <summary>
/// The SigV4a (ECDSA P-256) key pair of one access key, and the <see cref="ECDsa"/> instances that
/// sign with it, owned together. The private key is derived from the access key id and secret
/// alone (AWS SigV4a specification; NIST SP 800-108 counter-mode KDF with HMAC-SHA256):
/// <code>
/// Candidate  = HMAC-SHA256("AWS4A" + secret, 0x00000001 || "AWS4-ECDSA-P256-SHA256" || 0x00 || AccessKeyId || Counter || 0x00000100)
/// PrivateKey = Candidate + 1, for the first Candidate &lt;= n - 2 (Counter = 1, 2, …)
/// </code>
/// so one key serves every date, region and service. An <see cref="ISigningKeyCache"/> hands these
/// out and disposes the ones it drops, as it does <see cref="SigningKey"/>s: <see cref="Dispose"/>
/// zeroes the private key and disposes the instances; a signature already under way finishes,
/// and a signer handed a key disposed meanwhile asks its cache again. Thread-safe.
/// </summary>
public sealed class SigV4aSigningKey : IDisposable
{
    /// <summary>The key pair and its instances; null for a single-use key.</summary>
    private readonly EcdsaKeyPool? _pool;

    /// <summary>A single-use key (<see cref="SigningKeyCache.None"/>): taken, used and disposed by its one signature.</summary>
    private EcdsaKeyPool? _once;

    private SigV4aSigningKey(EcdsaKeyPool pool, bool singleUse)
    {
        if (singleUse)
        {
            _once = pool;
        }
        else
        {
            _pool = pool;
        }

        PublicKeyX = pool.PublicX;
        PublicKeyY = pool.PublicY;
    }

    /// <summary>The public key's X coordinate, 32 bytes big-endian: what a server verifies with. Not secret.</summary>
    public ReadOnlyMemory<byte> PublicKeyX { get; }

    /// <summary>The public key's Y coordinate, 32 bytes big-endian. Not secret.</summary>
    public ReadOnlyMemory<byte> PublicKeyY { get; }

    /// <summary>True once disposed (for a key from <see cref="SigningKeyCache.None"/>, once used): the private key is zeroed.</summary>
    public bool IsDisposed => _pool?.IsDisposed ?? Volatile.Read(ref _once) is null;

    /// <summary>Derives the key pair of <paramref name="credentials"/>' access key, for a cache to hold until it disposes it.</summary>
    /// <param name="credentials">The credentials whose access key id and secret the key is derived from.</param>
    /// <returns>The key; dispose it when dropping it.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="credentials"/> is null.</exception>
    public static SigV4aSigningKey Create(AwsCredentials credentials) => new(NewPool(credentials), singleUse: false);

    /// <summary>The public key as <see cref="ECParameters"/> (curve P-256 and Q, no private part): import it into an <see cref="ECDsa"/> to verify signatures.</summary>
    /// <returns>The public parameters.</returns>
    public ECParameters ExportPublicKey() => new()
    {
        Curve = SigV4aKeyDerivation.Curve,
        Q = new ECPoint { X = PublicKeyX.ToArray(), Y = PublicKeyY.ToArray() },
    };

    /// <summary>Zeroes the private key and disposes the signing instances. Idempotent; safe while other threads sign with it.</summary>
    public void Dispose()
    {
        _pool?.Dispose();
        Interlocked.Exchange(ref _once, null)?.Dispose();
    }

    /// <summary>Shows the public key only.</summary>
    /// <returns><c>SigV4aSigningKey</c> and the public key's X coordinate.</returns>
    public override string ToString() => $"SigV4aSigningKey {{ PublicKeyX = {AsciiText.ToHexLowerString(PublicKeyX.Span)} }}";

    /// <summary>A key for one signature: it disposes itself after it (<see cref="SigningKeyCache.None"/>).</summary>
    internal static SigV4aSigningKey CreateSingleUse(AwsCredentials credentials) => new(NewPool(credentials), singleUse: true);

    /// <summary>
    /// Writes the DER ECDSA signature of SHA-256(<paramref name="stringToSign"/>) with the key of
    /// <paramref name="credentials"/> from <paramref name="cache"/>. A key disposed between the
    /// cache's answer and its use is asked for again, once; then one is derived for this signature
    /// alone. Returns the cached key it signed with (null when none was kept), for a signer to remember.
    /// </summary>
    internal static SigV4aSigningKey? Sign(ISigningKeyCache cache, AwsCredentials credentials, ReadOnlySpan<byte> stringToSign, Span<byte> signature, out int written)
    {
        for (int attempt = 0; attempt < 2; attempt++)
        {
            var key = cache.GetSigV4aSigningKey(credentials);
            if (key is null)
            {
                NullFromCache(cache);
            }

            if (key.TrySign(stringToSign, signature, out written))
            {
                return key._pool is null ? null : key;
            }
        }

        using var once = CreateSingleUse(credentials);
        once.TrySign(stringToSign, signature, out written);
        return null;
    }

    /// <summary>Signs with the key; false, with nothing written, once disposed or (single use) used.</summary>
    internal bool TrySign(ReadOnlySpan<byte> data, Span<byte> destination, out int written)
    {
        if (_pool is not null)
        {
            return _pool.TrySign(data, destination, out written);
        }

        written = 0;
        if (Interlocked.Exchange(ref _once, null) is not { } once)
        {
            return false;
        }

        using (once)
        {
            return once.TrySign(data, destination, out written);
        }
    }

    [DoesNotReturn]
    private static void NullFromCache(ISigningKeyCache cache) =>
        throw new InvalidOperationException($"{cache.GetType().FullName}.GetSigV4aSigningKey returned null: an ISigningKeyCache returns a SigV4aSigningKey (SigV4aSigningKey.Create derives one).");

    private static EcdsaKeyPool NewPool(AwsCredentials credentials)
    {
        ThrowHelper.IfNull(credentials);

        var d = new byte[SigV4aKeyDerivation.KeyLength];
        SigV4aKeyDerivation.DerivePrivateKey(credentials.AccessKeyId, credentials.SecretAccessKey, d);
        return new EcdsaKeyPool(d);
    }
}
