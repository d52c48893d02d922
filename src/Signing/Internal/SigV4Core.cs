using System.Text;

namespace Signing.Internal;

/// <summary>
/// What <see cref="SigV4Signer"/> and <see cref="SigV4aSigner"/> share, written once: the credential
/// scope, the canonical request and string to sign, the Authorization value, the headers to add,
/// presigned URLs and explanations. The two differ only in the scope (SigV4a has no region), the
/// region set SigV4a also signs, the algorithm name, and the last step: HMAC-SHA256 with the
/// scope's key (SigV4) or an ECDSA P-256 signature with the access key's pair (SigV4a).
/// </summary>
internal sealed class SigV4Core
{
    /// <summary>The longest signature in bytes: a 72-byte DER signature (SigV4a); an HMAC is 32.</summary>
    public const int MaxSignatureLength = EcdsaKeyPool.MaxDerLength;

    private static readonly TimeSpan MaxExpires = TimeSpan.FromSeconds(SigV4Constants.MaxExpiresSeconds);

    /// <summary>SigV4: the last key of the built-in cache this signer signed with (see <see cref="SignStringToSign"/>); replaced, never changed.</summary>
    private volatile RememberedKey? _lastKey;

    /// <summary>SigV4a: the key pair of the built-in cache this signer last signed with; replaced, never changed.</summary>
    private volatile SigV4aSigningKey? _lastPair;

    /// <summary>
    /// Checks the arguments of the public constructors, in their order and named as they name them:
    /// <c>region</c> is SigV4's (ignored for SigV4a), <c>regionSet</c> SigV4a's (null: <c>*</c>; ignored for SigV4).
    /// </summary>
    public SigV4Core(bool sigV4a, AwsCredentials credentials, string? region, string service, IEnumerable<string>? regionSet, SigningOptions? options, TimeProvider? clock, ISigningKeyCache? keyCache)
    {
        ThrowHelper.IfNull(credentials);

        if (!sigV4a)
        {
            Validate.ScopePart(region, nameof(region), "us-east-1");
            Region = region;
        }

        Validate.ScopePart(service, nameof(service), "s3");
        if (sigV4a)
        {
            RegionSet = regionSet is null ? "*" : Validate.RegionSet(regionSet, nameof(regionSet));
        }

        Credentials = credentials;
        Service = service;
        Options = options ?? SigningOptions.ForService(service);
        Clock = clock ?? TimeProvider.System;
        KeyCache = keyCache ?? SigningKeyCache.Shared;
    }

    public AwsCredentials Credentials { get; }

    /// <summary>SigV4's region; null for SigV4a.</summary>
    public string? Region { get; }

    public string Service { get; }

    /// <summary>SigV4a's region set, comma-joined; null for SigV4.</summary>
    public string? RegionSet { get; }

    public SigningOptions Options { get; }

    public TimeProvider Clock { get; }

    public ISigningKeyCache KeyCache { get; }

    private bool IsSigV4a => RegionSet is not null;

    /// <summary>Credential scope: <c>yyyyMMdd/region/service/aws4_request</c>, or <c>yyyyMMdd/service/aws4_request</c> for SigV4a.</summary>
    public int ScopeLength => AmzDate.DateLength + 1 + (Region is null ? 0 : Region.Length + 1) + Service.Length + 1 + SigV4Constants.Terminator.Length;

    /// <summary>The first line of the string to sign.</summary>
    private ReadOnlySpan<byte> AlgorithmLine => IsSigV4a ? "AWS4-ECDSA-P256-SHA256\n"u8 : "AWS4-HMAC-SHA256\n"u8;

    public SigV4Parts MakeParts(DateTimeOffset timestamp, Span<char> amzDate, Span<char> scope, bool presign, long expiresSeconds)
    {
        AmzDate.Write(timestamp, amzDate);
        int n = AmzDate.DateLength;
        amzDate[..n].CopyTo(scope);
        scope[n++] = '/';
        if (Region is not null)
        {
            Region.CopyTo(scope[n..]);
            n += Region.Length;
            scope[n++] = '/';
        }

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
    /// Canonical request (into <paramref name="canonical"/>), then string to sign, then signature (AWS SigV4 docs, "Create a string to
    /// sign" and "Calculate the signature"; SigV4a's canonical request adds the region set):
    /// <code>
    /// StringToSign = Algorithm \n AmzDate \n Scope \n Hex(SHA256(CanonicalRequest))
    /// Signature    = HMAC-SHA256(kSigning, StringToSign)                         (SigV4, "AWS4-HMAC-SHA256")
    /// Signature    = DER(ECDSA-P256-Sign(PrivateKey, SHA256(StringToSign)))     (SigV4a, "AWS4-ECDSA-P256-SHA256")
    /// </code>
    /// Returns the signature's length in <paramref name="signature"/> (32 for SigV4).
    /// </summary>
    public int Compute(
        scoped in HttpRequestView request,
        scoped in SigV4Parts parts,
        ref Utf8Builder canonical,
        Span<byte> signature,
        out Range signedHeaders,
        bool explain,
        out SigningExplanation? explanation)
    {
        signedHeaders = CanonicalRequest.Write(request, parts, ref canonical);

        var algorithmLine = AlgorithmLine;
        Span<byte> stringToSign = stackalloc byte[algorithmLine.Length + AmzDate.Length + 1 + parts.Scope.Length + 1 + Hashing.Sha256HexLength];
        var w = new Utf8Builder(stringToSign); // sized exactly: never grows
        w.Write(algorithmLine);
        w.WriteAscii(parts.AmzDate);
        w.Write((byte)'\n');
        w.WriteAscii(parts.Scope);
        w.Write((byte)'\n');
        Span<byte> hash = stackalloc byte[Hashing.Sha256Length];
        Hashing.Sha256(canonical.Written, hash);
        w.WriteHexLower(hash);

        int length = SignStringToSign(parts.AmzDate[..AmzDate.DateLength], stringToSign, signature);
        explanation = explain
            ? new SigningExplanation(Redaction.CanonicalRequest(Encoding.UTF8.GetString(canonical.Written)), Encoding.ASCII.GetString(stringToSign), AsciiText.ToHexLowerString(signature[..length]))
            : null;
        return length;
    }

    /// <summary>
    /// Signs <paramref name="stringToSign"/>, returning the signature's length: SigV4, the HMAC with the
    /// key of the scope dated <paramref name="scopeDate"/>; SigV4a, the ECDSA signature with the access
    /// key's pair (<paramref name="scopeDate"/> unused). With the built-in cache the signer remembers the
    /// last key it was given (one scope date per signer): while that key is alive the cache is not
    /// searched again. A key the cache drops (eviction, <see cref="SigningKeyCache.Clear"/>) is disposed,
    /// refuses, and the cache is asked anew; a cache of another type is asked every time, as its contract says.
    /// </summary>
    public int SignStringToSign(ReadOnlySpan<char> scopeDate, ReadOnlySpan<byte> stringToSign, Span<byte> signature)
    {
        if (IsSigV4a)
        {
            if (_lastPair is { } pair && pair.TrySign(stringToSign, signature, out int written))
            {
                return written;
            }

            var newPair = SigV4aSigningKey.Sign(KeyCache, Credentials, stringToSign, signature, out written);
            if (newPair is not null && KeyCache is SigningKeyCache)
            {
                _lastPair = newPair;
            }

            return written;
        }

        if (_lastKey is not { } last || !scopeDate.SequenceEqual(last.Date) || !last.Key.TryHmac(stringToSign, signature))
        {
            var key = SigningKey.Sign(KeyCache, Credentials, scopeDate, Region!, Service, stringToSign, signature);
            if (key is not null && KeyCache is SigningKeyCache)
            {
                _lastKey = new RememberedKey(scopeDate.ToString(), key);
            }
        }

        return Hashing.Sha256Length;
    }

    /// <summary>The key a SigV4 signer last signed with, and its scope date.</summary>
    private sealed record RememberedKey(string Date, SigningKey Key);

    /// <summary>Header signing: the headers to add, with the Authorization value.</summary>
    public SignedRequest Sign(scoped in HttpRequestView request, DateTimeOffset timestamp)
    {
        Span<char> amzDate = stackalloc char[AmzDate.Length];
        Span<char> scope = stackalloc char[ScopeLength];
        var parts = MakeParts(timestamp, amzDate, scope, presign: false, expiresSeconds: 0);
        Span<byte> signature = stackalloc byte[MaxSignatureLength];
        var canonical = new Utf8Builder(stackalloc byte[Utf8Builder.RequestStackBytes]);
        try
        {
            int length = Compute(request, parts, ref canonical, signature, out var signedHeaders, explain: false, out _);
            string authorization = Authorization(scope, canonical.Written[signedHeaders], signature[..length], out var signedHeadersRange);
            return new SignedRequest(HeadersToAdd(request, authorization, amzDate), authorization, signedHeadersRange, Truncate(timestamp));
        }
        finally
        {
            canonical.Dispose();
        }
    }

    /// <summary>The intermediate strings of a header-signed or presigned request.</summary>
    public SigningExplanation Explain(scoped in HttpRequestView request, DateTimeOffset timestamp, SignatureLocation location, TimeSpan expires)
    {
        bool presign = CheckLocation(location);
        long seconds = presign ? CheckExpires(expires) : 0;
        Span<char> amzDate = stackalloc char[AmzDate.Length];
        Span<char> scope = stackalloc char[ScopeLength];
        var parts = MakeParts(timestamp, amzDate, scope, presign, seconds);
        Span<byte> signature = stackalloc byte[MaxSignatureLength];
        var canonical = new Utf8Builder(stackalloc byte[Utf8Builder.RequestStackBytes]);
        try
        {
            Compute(request, parts, ref canonical, signature, out _, explain: true, out var explanation);
            return explanation!;
        }
        finally
        {
            canonical.Dispose();
        }
    }

    /// <summary>The presigned target, after <paramref name="origin"/> (<c>scheme://host</c>, or empty): one string.</summary>
    public string Presign(scoped in HttpRequestView request, TimeSpan expires, DateTimeOffset timestamp, scoped ReadOnlySpan<char> origin, ArgumentNames names)
    {
        long seconds = CheckExpires(expires);
        Span<char> amzDate = stackalloc char[AmzDate.Length];
        Span<char> scope = stackalloc char[ScopeLength];
        var parts = MakeParts(timestamp, amzDate, scope, presign: true, seconds);
        parts.Names = names;
        Span<byte> signature = stackalloc byte[MaxSignatureLength];
        string? appendedToken = Credentials.SessionToken is not null && Options.SessionToken == SessionTokenSigning.AppendedAfterSigning ? Credentials.SessionToken : null;
        var canonical = new Utf8Builder(stackalloc byte[Utf8Builder.RequestStackBytes]);
        var parameters = new Utf8Builder(stackalloc byte[Utf8Builder.PieceStackBytes]);
        try
        {
            int length = Compute(request, parts, ref canonical, signature, out var signedHeaders, explain: false, out _);
            PresignParameters.WriteSigned(ref parameters, parts, canonical.Written[signedHeaders]);
            PresignParameters.WriteSignature(ref parameters, signature[..length], appendedToken);
            return PresignParameters.Url(origin, request, parameters.Written, regionSet: IsSigV4a);
        }
        finally
        {
            canonical.Dispose();
            parameters.Dispose();
        }
    }

    /// <summary>The presigned absolute URL for <paramref name="method"/> and <paramref name="url"/> (the public <c>Presign</c>).</summary>
    public string Presign(string method, Uri url, TimeSpan expires, IEnumerable<HttpHeader>? headers, DateTimeOffset? timestamp)
    {
        // Only the URL is allocated: Uri caches its host and PathAndQuery, which are sliced, not
        // copied; "scheme://host[:port]" is written on the stack and the Host header sliced from it.
        ThrowHelper.IfNull(method);

        UriParts.Check(url, nameof(url));
        int maxOrigin = UriParts.MaxOriginLength(url);
        Span<char> origin = maxOrigin <= 1024 ? stackalloc char[1024] : new char[maxOrigin];
        origin = origin[..UriParts.WriteOrigin(url, origin)];
        var host = origin[(url.Scheme.Length + 3)..];
        UriParts.SplitPathAndQuery(url, out var path, out var query);
        HttpHeader[] list = headers switch
        {
            null => [],
            HttpHeader[] array => array,
            _ => [.. headers],
        };
        var view = new HttpRequestView(method, path, query, list) { Host = host };
        return Presign(view, expires, timestamp ?? Clock.GetUtcNow(), origin, ArgumentNames.Presign);
    }

    /// <summary>The Authorization value, <c>Algorithm Credential=AKID/scope, SignedHeaders=names, Signature=hex</c>: one string.</summary>
    private string Authorization(scoped ReadOnlySpan<char> scope, scoped ReadOnlySpan<byte> signedHeaders, scoped ReadOnlySpan<byte> signature, out Range signedHeadersRange)
    {
        var w = new Utf8Builder(stackalloc byte[Utf8Builder.PieceStackBytes]);
        try
        {
            w.Write(IsSigV4a ? "AWS4-ECDSA-P256-SHA256 Credential="u8 : "AWS4-HMAC-SHA256 Credential="u8);
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

    /// <summary>
    /// The headers a header-signed request gets: Authorization, X-Amz-Date, X-Amz-Region-Set (SigV4a),
    /// and the payload hash and session token unless it has them.
    /// </summary>
    private HttpHeader[] HeadersToAdd(scoped in HttpRequestView request, string authorization, scoped ReadOnlySpan<char> amzDate)
    {
        bool addContentSha256 = Options.ContentSha256Header != ContentSha256Header.Omit && !request.HasHeader(SigV4Constants.XAmzContentSha256);
        bool addToken = Credentials.SessionToken is not null && !request.HasHeader(SigV4Constants.XAmzSecurityToken);
        int n = IsSigV4a ? 3 : 2;
        var headers = new HttpHeader[n + (addContentSha256 ? 1 : 0) + (addToken ? 1 : 0)];
        headers[0] = new("Authorization", authorization);
        headers[1] = new("X-Amz-Date", amzDate.ToString());
        if (IsSigV4a)
        {
            headers[2] = new("X-Amz-Region-Set", RegionSet!);
        }

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

    /// <summary>Whether <paramref name="location"/> is <see cref="SignatureLocation.Query"/>; throws when it is not defined.</summary>
    internal static bool CheckLocation(SignatureLocation location)
    {
        if (location is not (SignatureLocation.Header or SignatureLocation.Query))
        {
            ThrowHelper.OutOfRange(nameof(location), location, $"location {(int)location} is not a SignatureLocation: pass Header or Query.");
        }

        return location == SignatureLocation.Query;
    }

    internal static long CheckExpires(TimeSpan expires)
    {
        if (expires < TimeSpan.FromSeconds(1) || expires > MaxExpires)
        {
            ThrowHelper.OutOfRange(nameof(expires), expires, $"expires {expires} is out of range: presigned URLs are valid 1 s to 7 days (604800 s).");
        }

        return (long)expires.TotalSeconds;
    }

    internal static DateTimeOffset Truncate(DateTimeOffset t) => new(t.UtcTicks - (t.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
}
