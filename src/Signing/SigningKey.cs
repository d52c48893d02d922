using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;
using Signing.Internal;

namespace Signing;

/// <summary>
/// A SigV4 signing key for one credential scope, and the keyed HMAC instances that sign with it,
/// owned together. Derivation (AWS SigV4 docs, "Derive a signing key"):
/// <code>
/// kDate    = HMAC-SHA256("AWS4" + secret, yyyyMMdd)
/// kRegion  = HMAC-SHA256(kDate, region)
/// kService = HMAC-SHA256(kRegion, service)
/// kSigning = HMAC-SHA256(kService, "aws4_request")
/// </code>
/// An <see cref="ISigningKeyCache"/> hands these out and disposes the ones it drops. The key can
/// be read (<see cref="CopyTo"/>), never changed. <see cref="Dispose"/> zeroes it and disposes its
/// keyed instances; a signature already under way finishes with the intact key, and a signer
/// handed a key disposed meanwhile asks its cache again. Thread-safe.
/// </summary>
public sealed class SigningKey : IDisposable
{
    /// <summary>Length of a signing key in bytes.</summary>
    public const int Length = 32;

    /// <summary>The key and its keyed instances; null for a single-use key.</summary>
    private readonly KeyedHmacPool? _pool;

    /// <summary>A single-use key (<see cref="SigningKeyCache.None"/>): taken, used and zeroed by its one signature.</summary>
    private byte[]? _once;

    private SigningKey(KeyedHmacPool pool) => _pool = pool;

    private SigningKey(byte[] once) => _once = once;

    /// <summary>True once disposed (for a key from <see cref="SigningKeyCache.None"/>, once used): the key is zeroed.</summary>
    public bool IsDisposed => _pool?.IsDisposed ?? Volatile.Read(ref _once) is null;

    /// <summary>Derives the signing key of a scope, for a cache to hold until it disposes it.</summary>
    /// <param name="credentials">The credentials whose secret the key is derived from.</param>
    /// <param name="date">The date of the credential scope, <c>yyyyMMdd</c>.</param>
    /// <param name="region">The region, such as <c>us-east-1</c>.</param>
    /// <param name="service">The service signing name, such as <c>s3</c>.</param>
    /// <returns>The key; dispose it when dropping it.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="credentials"/> is null.</exception>
    /// <exception cref="ArgumentException">The date, region or service is not valid.</exception>
    public static SigningKey Create(AwsCredentials credentials, ReadOnlySpan<char> date, string region, string service) =>
        new(new KeyedHmacPool(HashAlgorithmName.SHA256, DeriveNew(credentials, date, region, service)));

    /// <summary>Copies the 32-byte key into <paramref name="destination"/>: the copy is the caller's to zero.</summary>
    /// <param name="destination">Receives the key; 32 bytes or more.</param>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than 32 bytes.</exception>
    /// <exception cref="ObjectDisposedException">The key is disposed (zeroed).</exception>
    public void CopyTo(Span<byte> destination)
    {
        if (destination.Length < Length)
        {
            ThrowHelper.Argument(nameof(destination), $"destination holds {destination.Length} bytes: a signing key needs {Length}.");
        }

        bool copied = _pool is not null ? _pool.TryCopyKey(destination) : Volatile.Read(ref _once) is { } once && once.AsSpan().TryCopyTo(destination);
        if (!copied)
        {
            throw new ObjectDisposedException(nameof(SigningKey), "The signing key is disposed (its cache dropped it, or it was single-use and used): ask the cache for the key again.");
        }
    }

    /// <summary>Zeroes the key and disposes its keyed HMAC instances. Idempotent; safe while other threads sign with it.</summary>
    public void Dispose()
    {
        _pool?.Dispose();
        if (Interlocked.Exchange(ref _once, null) is { } once)
        {
            CryptographicOperations.ZeroMemory(once);
        }
    }

    /// <summary>Shows nothing of the key.</summary>
    /// <returns><c>SigningKey</c>.</returns>
    public override string ToString() => "SigningKey";

    /// <summary>Derives the signing key into <paramref name="destination"/> (32 bytes).</summary>
    /// <param name="secretAccessKey">The secret access key.</param>
    /// <param name="date">The date of the credential scope, <c>yyyyMMdd</c>.</param>
    /// <param name="region">The region, such as <c>us-east-1</c>.</param>
    /// <param name="service">The service signing name, such as <c>s3</c>.</param>
    /// <param name="destination">Receives the 32-byte key.</param>
    /// <exception cref="ArgumentException">The secret, date, region or service is not valid, or <paramref name="destination"/> is shorter than 32 bytes.</exception>
    public static void Derive(string secretAccessKey, ReadOnlySpan<char> date, string region, string service, Span<byte> destination)
    {
        Validate.Secret(secretAccessKey, nameof(secretAccessKey));
        if (date.Length != AmzDate.DateLength || !IsDigits(date))
        {
            ThrowHelper.Argument(nameof(date), $"date {ThrowHelper.Show(date)} is not yyyyMMdd: pass the 8-digit UTC date of the signing time, such as 20150830.");
        }

        Validate.ScopePart(region, nameof(region), "us-east-1");
        Validate.ScopePart(service, nameof(service), "s3");
        if (destination.Length < Length)
        {
            ThrowHelper.Argument(nameof(destination), $"destination holds {destination.Length} bytes: a signing key needs {Length}.");
        }

        int secretLength = 4 + secretAccessKey.Length;
        Span<byte> secret = secretLength <= 256 ? stackalloc byte[256] : new byte[secretLength];
        "AWS4"u8.CopyTo(secret);
        Encoding.ASCII.GetBytes(secretAccessKey, secret[4..]); // validated ASCII

        Span<byte> text = stackalloc byte[Math.Max(Math.Max(region.Length, service.Length), 16)];
        Span<byte> k = stackalloc byte[Length];

        Hashing.HmacSha256(secret[..secretLength], text[..Encoding.ASCII.GetBytes(date, text)], k); // all three validated ASCII
        secret.Clear();
        Hashing.HmacSha256(k, text[..Encoding.ASCII.GetBytes(region, text)], k);
        Hashing.HmacSha256(k, text[..Encoding.ASCII.GetBytes(service, text)], k);
        Hashing.HmacSha256(k, "aws4_request"u8, destination);
        k.Clear();
    }

    /// <summary>A key for one signature: it zeroes itself after it (<see cref="SigningKeyCache.None"/>).</summary>
    internal static SigningKey CreateSingleUse(AwsCredentials credentials, ReadOnlySpan<char> date, string region, string service) =>
        new(DeriveNew(credentials, date, region, service));

    /// <summary>
    /// Writes HMAC-SHA256(kSigning, <paramref name="stringToSign"/>) with the scope's key from
    /// <paramref name="cache"/>. A key disposed between the cache's answer and its use (another
    /// thread cleared the cache or evicted it) is asked for again, once; then one is derived for
    /// this signature alone and zeroed. With <see cref="SigningKeyCache.None"/> the key is derived
    /// on the stack and zeroed after its one use: it is never on the heap. Returns the cached key it
    /// signed with (null when none was kept), for a signer to remember.
    /// </summary>
    internal static SigningKey? Sign(ISigningKeyCache cache, AwsCredentials credentials, ReadOnlySpan<char> date, string region, string service, ReadOnlySpan<byte> stringToSign, Span<byte> signature)
    {
        if (!ReferenceEquals(cache, SigningKeyCache.None))
        {
            for (int attempt = 0; attempt < 2; attempt++)
            {
                var key = cache.GetSigningKey(credentials, date, region, service);
                if (key is null)
                {
                    NullFromCache(cache);
                }

                if (key.TryHmac(stringToSign, signature))
                {
                    return key;
                }
            }
        }

        SignOnce(credentials, date, region, service, stringToSign, signature);
        return null;
    }

    /// <summary>HMAC-SHA256 with the key; false, with nothing written, once disposed or (single use) used.</summary>
    internal bool TryHmac(ReadOnlySpan<byte> data, Span<byte> destination)
    {
        if (_pool is not null)
        {
            return _pool.TryHash(data, destination);
        }

        if (Interlocked.Exchange(ref _once, null) is not { } once)
        {
            return false;
        }

        Hashing.HmacSha256(once, data, destination);
        CryptographicOperations.ZeroMemory(once);
        return true;
    }

    /// <summary>The keyed instances the key holds now (tests).</summary>
    internal int KeptHmacs => _pool?.Kept ?? 0;

    /// <summary>Derives the key on the stack, signs once, zeroes it.</summary>
    private static void SignOnce(AwsCredentials credentials, ReadOnlySpan<char> date, string region, string service, ReadOnlySpan<byte> stringToSign, Span<byte> signature)
    {
        ThrowHelper.IfNull(credentials);

        Span<byte> once = stackalloc byte[Length];
        Derive(credentials.SecretAccessKey, date, region, service, once);
        Hashing.HmacSha256(once, stringToSign, signature);
        CryptographicOperations.ZeroMemory(once);
    }

    [DoesNotReturn]
    private static void NullFromCache(ISigningKeyCache cache) =>
        throw new InvalidOperationException($"{cache.GetType().FullName}.GetSigningKey returned null: an ISigningKeyCache returns a SigningKey (SigningKey.Create derives one).");

    private static byte[] DeriveNew(AwsCredentials credentials, ReadOnlySpan<char> date, string region, string service)
    {
        ThrowHelper.IfNull(credentials);

        var key = new byte[Length];
        Derive(credentials.SecretAccessKey, date, region, service, key);
        return key;
    }

    private static bool IsDigits(ReadOnlySpan<char> s)
    {
        foreach (char c in s)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }
        }

        return true;
    }
}
