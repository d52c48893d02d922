using Signing.Internal;

namespace Signing;

/// <summary>
/// SigV4 signing-key derivation (AWS SigV4 docs, "Derive a signing key"):
/// <code>
/// kDate    = HMAC-SHA256("AWS4" + secret, yyyyMMdd)
/// kRegion  = HMAC-SHA256(kDate, region)
/// kService = HMAC-SHA256(kRegion, service)
/// kSigning = HMAC-SHA256(kService, "aws4_request")
/// </code>
/// </summary>
public static class SigningKey
{
    /// <summary>Length of a signing key in bytes.</summary>
    public const int Length = 32;

    /// <summary>Derives the signing key into <paramref name="destination"/> (32 bytes).</summary>
    /// <param name="secretAccessKey">The secret access key.</param>
    /// <param name="date">The date of the credential scope, <c>yyyyMMdd</c>.</param>
    /// <param name="region">The region, such as <c>us-east-1</c>.</param>
    /// <param name="service">The service signing name, such as <c>s3</c>.</param>
    /// <param name="destination">Receives the 32-byte key.</param>
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
        for (int i = 0; i < secretAccessKey.Length; i++)
        {
            secret[4 + i] = (byte)secretAccessKey[i]; // validated ASCII
        }

        Span<byte> text = stackalloc byte[Math.Max(Math.Max(region.Length, service.Length), 16)];
        Span<byte> k = stackalloc byte[Length];

        Hashing.HmacSha256(secret[..secretLength], Ascii8(date, text), k);
        secret.Clear();
        Hashing.HmacSha256(k, Ascii8(region, text), k);
        Hashing.HmacSha256(k, Ascii8(service, text), k);
        Hashing.HmacSha256(k, "aws4_request"u8, destination);
        k.Clear();
    }

    private static ReadOnlySpan<byte> Ascii8(ReadOnlySpan<char> s, Span<byte> buffer)
    {
        for (int i = 0; i < s.Length; i++)
        {
            buffer[i] = (byte)s[i];
        }

        return buffer[..s.Length];
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
