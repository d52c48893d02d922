using System.Security.Cryptography;
using System.Text;

namespace Signing.Internal;

/// <summary>
/// The SigV4a private key of an access key (AWS SigV4a specification, "Deriving a signing key";
/// NIST SP 800-108 KDF in counter mode with HMAC-SHA256, one 256-bit block):
/// <code>
/// FixedInput = 0x00000001 || "AWS4-ECDSA-P256-SHA256" || 0x00 || AccessKeyId || Counter || 0x00000100
/// Candidate  = HMAC-SHA256("AWS4A" + SecretAccessKey, FixedInput)     Counter = 1, 2, … 254
/// PrivateKey = Candidate + 1, for the first Candidate &lt;= n - 2        (n: the order of P-256)
/// </code>
/// The key depends on the access key id and secret only (no date, region or service), so it is
/// derived once per access key. The public key is worked out by <see cref="ECDsa"/> from it.
/// </summary>
internal static class SigV4aKeyDerivation
{
    /// <summary>Length of a P-256 private key, and of each public-key coordinate, in bytes.</summary>
    public const int KeyLength = 32;

    /// <summary>The KDF label, also the SigV4a algorithm name.</summary>
    public const string Label = "AWS4-ECDSA-P256-SHA256";

    /// <summary>The highest counter the specification allows.</summary>
    private const int MaxCounter = 254;

    /// <summary>The fixed bytes of the fixed input: the block counter (4), the label's terminator (1), the counter (1), the output length (4).</summary>
    private const int FixedOverhead = 4 + 1 + 1 + 4;

    /// <summary>n - 2, big-endian, where n is the order of the P-256 group (FIPS 186-4, D.1.2.3).</summary>
    private static ReadOnlySpan<byte> OrderMinusTwo =>
    [
        0xFF, 0xFF, 0xFF, 0xFF, 0x00, 0x00, 0x00, 0x00, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
        0xBC, 0xE6, 0xFA, 0xAD, 0xA7, 0x17, 0x9E, 0x84, 0xF3, 0xB9, 0xCA, 0xC2, 0xFC, 0x63, 0x25, 0x4F,
    ];

    /// <summary>The P-256 curve of SigV4a.</summary>
    public static ECCurve Curve => ECCurve.NamedCurves.nistP256;

    /// <summary>Derives the private key into <paramref name="privateKey"/> (32 bytes). The credentials are validated ASCII.</summary>
    public static void DerivePrivateKey(string accessKeyId, string secretAccessKey, Span<byte> privateKey)
    {
        int secretLength = 5 + secretAccessKey.Length;
        int inputLength = FixedOverhead + Label.Length + accessKeyId.Length;
        Span<byte> secret = secretLength <= 256 ? stackalloc byte[256] : new byte[secretLength];
        Span<byte> input = inputLength <= 512 ? stackalloc byte[512] : new byte[inputLength];
        secret = secret[..secretLength];
        input = input[..inputLength];
        input.Clear(); // stack memory is not zeroed here (SkipLocalsInit)
        try
        {
            "AWS4A"u8.CopyTo(secret);
            Encoding.ASCII.GetBytes(secretAccessKey, secret[5..]); // validated ASCII, as are the label and access key id

            // 0x00000001 || label || 0x00 || access key id || counter || 0x00000100 (256 bits)
            input[3] = 1;
            Encoding.ASCII.GetBytes(Label, input[4..]);
            int n = 4 + Label.Length;
            input[n++] = 0;
            Encoding.ASCII.GetBytes(accessKeyId, input[n..]);
            n += accessKeyId.Length;
            int counterAt = n++;
            input[n + 2] = 1;

            for (int counter = 1; counter <= MaxCounter; counter++)
            {
                input[counterAt] = (byte)counter;
                Hashing.HmacSha256(secret, input, privateKey);
                if (privateKey[..KeyLength].SequenceCompareTo(OrderMinusTwo) <= 0)
                {
                    AddOne(privateKey[..KeyLength]);
                    return;
                }
            }

            // Each candidate is above n - 2 with probability about 2^-32: 254 in a row do not happen.
            throw new CryptographicException("SigV4a key derivation found no private key in 254 candidates.");
        }
        finally
        {
            CryptographicOperations.ZeroMemory(secret);
        }
    }

    private static void AddOne(Span<byte> bigEndian)
    {
        for (int i = bigEndian.Length - 1; i >= 0; i--)
        {
            if (++bigEndian[i] != 0)
            {
                return;
            }
        }
    }
}
