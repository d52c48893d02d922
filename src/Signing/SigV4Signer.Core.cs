using System.Buffers;
using System.Text;
using Signing.Internal;

namespace Signing;

public sealed partial class SigV4Signer
{
    /// <summary>Length of the fixed start of a string to sign, <c>"AWS4-HMAC-SHA256\n"</c>.</summary>
    private const int AlgorithmLineLength = 17;

    private SigV4Parts MakeParts(DateTimeOffset timestamp, Span<char> amzDate, Span<char> scope, bool presign, long expiresSeconds)
    {
        AmzDate.Write(timestamp, amzDate);
        // Credential scope: yyyyMMdd/region/service/aws4_request
        int n = 0;
        amzDate[..AmzDate.DateLength].CopyTo(scope);
        n += AmzDate.DateLength;
        scope[n++] = '/';
        Region.CopyTo(scope[n..]);
        n += Region.Length;
        scope[n++] = '/';
        Service.CopyTo(scope[n..]);
        n += Service.Length;
        scope[n++] = '/';
        SigV4Constants.Terminator.CopyTo(scope[n..]);
        return new SigV4Parts
        {
            AmzDate = amzDate,
            Scope = scope,
            AccessKeyId = Credentials.AccessKeyId,
            SignedSessionToken = Options.SessionToken == SessionTokenSigning.Signed ? Credentials.SessionToken : default,
            Options = Options,
            Presign = presign,
            ExpiresSeconds = expiresSeconds,
        };
    }

    /// <summary>
    /// Canonical request, then string to sign, then signature (AWS SigV4 docs, "Create a string to
    /// sign" and "Calculate the signature"):
    /// <code>
    /// StringToSign = "AWS4-HMAC-SHA256" \n AmzDate \n Scope \n Hex(SHA256(CanonicalRequest))
    /// Signature    = HMAC-SHA256(kSigning, StringToSign)
    /// </code>
    /// </summary>
    private void Compute(
        scoped in HttpRequestView request,
        scoped in SigV4Parts parts,
        Span<byte> signature,
        Span<byte> signedHeaders,
        out int signedHeadersLength,
        bool explain,
        out SigningExplanation? explanation)
    {
        int max = CanonicalRequest.MaxLength(request, parts);
        byte[]? rented = null;
        Span<byte> canonical = max <= StackLimit ? stackalloc byte[StackLimit] : (rented = ArrayPool<byte>.Shared.Rent(max));
        try
        {
            if (!CanonicalRequest.TryWrite(request, parts, canonical, out int length, signedHeaders, out signedHeadersLength))
            {
                throw new InvalidOperationException("Internal error: the canonical request outgrew its computed bound. Please report it.");
            }

            canonical = canonical[..length];

            Span<byte> stringToSign = stackalloc byte[AlgorithmLineLength + AmzDate.Length + 1 + parts.Scope.Length + 1 + SignatureHexLength];
            WriteStringToSign(canonical, parts, stringToSign);

            SigningKey.Sign(_keyCache, Credentials, parts.AmzDate[..AmzDate.DateLength], Region, Service, stringToSign, signature);
            explanation = explain
                ? new SigningExplanation(Redaction.CanonicalRequest(Encoding.UTF8.GetString(canonical)), Encoding.ASCII.GetString(stringToSign), AsciiText.ToHexLowerString(signature))
                : null;
        }
        finally
        {
            Return(rented);
        }
    }

    private static void WriteStringToSign(ReadOnlySpan<byte> canonicalRequest, scoped in SigV4Parts parts, Span<byte> destination)
    {
        var w = new SpanWriter(destination);
        w.Write("AWS4-HMAC-SHA256\n"u8);
        w.WriteAscii(parts.AmzDate);
        w.Write((byte)'\n');
        w.WriteAscii(parts.Scope);
        w.Write((byte)'\n');
        Span<byte> hash = stackalloc byte[Hashing.Sha256Length];
        Hashing.Sha256(canonicalRequest, hash);
        Span<byte> hex = stackalloc byte[SignatureHexLength];
        AsciiText.ToHexLower(hash, hex);
        w.Write(hex);
    }
}
