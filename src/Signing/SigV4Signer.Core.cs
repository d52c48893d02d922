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
    /// Canonical request (into <paramref name="canonical"/>), then string to sign, then signature (AWS SigV4 docs, "Create a string to
    /// sign" and "Calculate the signature"):
    /// <code>
    /// StringToSign = "AWS4-HMAC-SHA256" \n AmzDate \n Scope \n Hex(SHA256(CanonicalRequest))
    /// Signature    = HMAC-SHA256(kSigning, StringToSign)
    /// </code>
    /// </summary>
    private void Compute(
        scoped in HttpRequestView request,
        scoped in SigV4Parts parts,
        ref Utf8Builder canonical,
        Span<byte> signature,
        out Range signedHeaders,
        bool explain,
        out SigningExplanation? explanation)
    {
        signedHeaders = CanonicalRequest.Write(request, parts, ref canonical);

        Span<byte> stringToSign = stackalloc byte[AlgorithmLineLength + AmzDate.Length + 1 + parts.Scope.Length + 1 + SignatureHexLength];
        WriteStringToSign(canonical.Written, parts, stringToSign);

        Hmac(parts.AmzDate[..AmzDate.DateLength], stringToSign, signature);
        explanation = explain
            ? new SigningExplanation(Redaction.CanonicalRequest(Encoding.UTF8.GetString(canonical.Written)), Encoding.ASCII.GetString(stringToSign), AsciiText.ToHexLowerString(signature))
            : null;
    }

    /// <summary>
    /// HMAC of the string to sign with the scope's key. With the built-in cache the signer remembers
    /// the last key it was given (one scope date per signer): while that key is alive the cache is
    /// not searched again. A key the cache drops (eviction, <see cref="SigningKeyCache.Clear"/>) is
    /// disposed, its HMAC refuses, and the cache is asked anew; a cache of another type is asked
    /// every time, as its contract says.
    /// </summary>
    private void Hmac(ReadOnlySpan<char> scopeDate, ReadOnlySpan<byte> stringToSign, Span<byte> signature)
    {
        if (_lastKey is { } last && scopeDate.SequenceEqual(last.Date) && last.Key.TryHmac(stringToSign, signature))
        {
            return;
        }

        var key = SigningKey.SignAndGetKey(_keyCache, Credentials, scopeDate, Region, Service, stringToSign, signature);
        if (key is not null && _keyCache is SigningKeyCache)
        {
            _lastKey = new RememberedKey(scopeDate.ToString(), key);
        }
    }

    /// <summary>The key a signer last signed with, and its scope date.</summary>
    private sealed record RememberedKey(string Date, SigningKey Key);

    private static void WriteStringToSign(ReadOnlySpan<byte> canonicalRequest, scoped in SigV4Parts parts, Span<byte> destination)
    {
        var w = new Utf8Builder(destination); // sized exactly by the caller: never grows
        w.Write("AWS4-HMAC-SHA256\n"u8);
        w.WriteAscii(parts.AmzDate);
        w.Write((byte)'\n');
        w.WriteAscii(parts.Scope);
        w.Write((byte)'\n');
        Span<byte> hash = stackalloc byte[Hashing.Sha256Length];
        Hashing.Sha256(canonicalRequest, hash);
        w.WriteHexLower(hash);
    }

    /// <summary>The Authorization value, <c>AWS4-HMAC-SHA256 Credential=AKID/scope, SignedHeaders=names, Signature=hex</c>: one string.</summary>
    private string Authorization(scoped ReadOnlySpan<char> scope, scoped ReadOnlySpan<byte> signedHeaders, scoped ReadOnlySpan<byte> signature, out Range signedHeadersRange)
    {
        var w = new Utf8Builder(stackalloc byte[Utf8Builder.PieceStackBytes]);
        try
        {
            w.Write("AWS4-HMAC-SHA256 Credential="u8);
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

    /// <summary>The headers a header-signed request gets: Authorization, X-Amz-Date, and the payload hash and session token unless it has them.</summary>
    private HttpHeader[] HeadersToAdd(scoped in HttpRequestView request, string authorization, scoped ReadOnlySpan<char> amzDate)
    {
        bool addContentSha256 = Options.ContentSha256Header != ContentSha256Header.Omit && !request.HasHeader(SigV4Constants.XAmzContentSha256);
        bool addToken = Credentials.SessionToken is not null && !request.HasHeader(SigV4Constants.XAmzSecurityToken);
        var headers = new HttpHeader[2 + (addContentSha256 ? 1 : 0) + (addToken ? 1 : 0)];
        headers[0] = new("Authorization", authorization);
        headers[1] = new("X-Amz-Date", amzDate.ToString());
        int n = 2;
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
