using System.Text;
using Signing.Internal;

namespace Signing;

public sealed partial class SigV4aSigner
{
    /// <summary>The algorithm name: first line of the string to sign, prefix of the Authorization value.</summary>
    internal const string Algorithm = "AWS4-ECDSA-P256-SHA256";

    /// <summary>The longest hex signature: a 72-byte DER signature.</summary>
    internal const int MaxSignatureHexLength = 2 * EcdsaKeyPool.MaxDerLength;

    private const int HashHexLength = 2 * Hashing.Sha256Length;

    private SigV4Parts MakeParts(DateTimeOffset timestamp, Span<char> amzDate, Span<char> scope, bool presign, long expiresSeconds)
    {
        AmzDate.Write(timestamp, amzDate);
        // Credential scope: yyyyMMdd/service/aws4_request
        int n = 0;
        amzDate[..AmzDate.DateLength].CopyTo(scope);
        n += AmzDate.DateLength;
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
            RegionSet = RegionSet,
        };
    }

    /// <summary>
    /// Canonical request (SigV4's, with the region set), then string to sign, then signature (AWS SigV4a):
    /// <code>
    /// StringToSign = "AWS4-ECDSA-P256-SHA256" \n AmzDate \n yyyyMMdd/service/aws4_request \n Hex(SHA256(CanonicalRequest))
    /// Signature    = DER(ECDSA-P256-Sign(PrivateKey, SHA256(StringToSign)))
    /// </code>
    /// Returns the DER signature's length in <paramref name="signature"/>.
    /// </summary>
    private int Compute(
        scoped in HttpRequestView request,
        scoped in SigV4Parts parts,
        ref Utf8Builder canonical,
        Span<byte> signature,
        out Range signedHeaders,
        bool explain,
        out SigningExplanation? explanation)
    {
        signedHeaders = CanonicalRequest.Write(request, parts, ref canonical);

        Span<byte> stringToSign = stackalloc byte[Algorithm.Length + 1 + AmzDate.Length + 1 + parts.Scope.Length + 1 + HashHexLength];
        WriteStringToSign(Algorithm, parts.AmzDate, parts.Scope, canonical.Written, stringToSign);
        int length = SignStringToSign(stringToSign, signature);
        explanation = explain
            ? new SigningExplanation(Redaction.CanonicalRequest(Encoding.UTF8.GetString(canonical.Written)), Encoding.ASCII.GetString(stringToSign), AsciiText.ToHexLowerString(signature[..length]))
            : null;
        return length;
    }

    /// <summary>
    /// Signs with the access key's pair. With the built-in cache the signer remembers the last pair
    /// it was given: while it is alive the cache is not asked again. A pair the cache drops is
    /// disposed, refuses, and the cache is asked anew; a cache of another type is asked every time.
    /// </summary>
    internal int SignStringToSign(ReadOnlySpan<byte> stringToSign, Span<byte> signature)
    {
        if (_lastKey is { } last && last.TrySign(stringToSign, signature, out int written))
        {
            return written;
        }

        var key = SigV4aSigningKey.Sign(_keyCache, Credentials, stringToSign, signature, out written);
        if (key is not null && _keyCache is SigningKeyCache)
        {
            _lastKey = key;
        }

        return written;
    }

    /// <summary><c>algorithm \n AmzDate \n Scope \n Hex(SHA256(data))</c> into <paramref name="destination"/>, sized exactly by the caller.</summary>
    internal static void WriteStringToSign(string algorithm, ReadOnlySpan<char> amzDate, ReadOnlySpan<char> scope, ReadOnlySpan<byte> hashed, Span<byte> destination)
    {
        var w = new Utf8Builder(destination); // sized exactly by the caller: never grows
        w.WriteAscii(algorithm);
        w.Write((byte)'\n');
        w.WriteAscii(amzDate);
        w.Write((byte)'\n');
        w.WriteAscii(scope);
        w.Write((byte)'\n');
        Span<byte> hash = stackalloc byte[Hashing.Sha256Length];
        Hashing.Sha256(hashed, hash);
        w.WriteHexLower(hash);
    }

    /// <summary>The Authorization value, <c>AWS4-ECDSA-P256-SHA256 Credential=AKID/scope, SignedHeaders=names, Signature=hex</c>: one string.</summary>
    private string Authorization(scoped ReadOnlySpan<char> scope, scoped ReadOnlySpan<byte> signedHeaders, scoped ReadOnlySpan<byte> signature, out Range signedHeadersRange)
    {
        var w = new Utf8Builder(stackalloc byte[Utf8Builder.PieceStackBytes]);
        try
        {
            w.Write("AWS4-ECDSA-P256-SHA256 Credential="u8);
            w.WriteAscii(Credentials.AccessKeyId);
            w.Write((byte)'/');
            w.WriteAscii(scope);
            w.Write(", SignedHeaders="u8);
            int start = w.Length;
            w.Write(signedHeaders);
            signedHeadersRange = start..w.Length;
            w.Write(", Signature="u8);
            w.WriteHexLower(signature);
            return Encoding.ASCII.GetString(w.Written);
        }
        finally
        {
            w.Dispose();
        }
    }

    /// <summary>The headers a header-signed request gets: Authorization, X-Amz-Date, X-Amz-Region-Set, and the payload hash and session token unless it has them.</summary>
    private HttpHeader[] HeadersToAdd(scoped in HttpRequestView request, string authorization, scoped ReadOnlySpan<char> amzDate)
    {
        bool addContentSha256 = Options.ContentSha256Header != ContentSha256Header.Omit && !request.HasHeader(SigV4Constants.XAmzContentSha256);
        bool addToken = Credentials.SessionToken is not null && !request.HasHeader(SigV4Constants.XAmzSecurityToken);
        var headers = new HttpHeader[3 + (addContentSha256 ? 1 : 0) + (addToken ? 1 : 0)];
        headers[0] = new("Authorization", authorization);
        headers[1] = new("X-Amz-Date", amzDate.ToString());
        headers[2] = new("X-Amz-Region-Set", RegionSet);
        int n = 3;
        if (addContentSha256)
        {
            headers[n++] = new("x-amz-content-sha256", request.PayloadHash.IsEmpty ? Hashing.EmptySha256Hex : request.PayloadHash.ToString());
        }

        if (addToken)
        {
            headers[n] = new("X-Amz-Security-Token", Credentials.SessionToken!);
        }

        return headers;
    }
}
