using Signing.Internal;
using Signing.Streaming;

namespace Signing;

/// <summary>Which AWS signature an <see cref="HttpRequestSigner"/> makes.</summary>
public enum SignatureVersion
{
    /// <summary>Signature Version 4 (HMAC-SHA256, credential scope of region and service).</summary>
    SigV4 = 0,

    /// <summary>S3 Signature Version 2 (HMAC-SHA1), for S3-compatible servers that need it.</summary>
    SigV2 = 1,

    /// <summary>Signature Version 4a (ECDSA P-256, credential scope of service only, valid in a region set).</summary>
    SigV4a = 2,
}

/// <summary>
/// Signs any <see cref="HttpRequestMessage"/> in place, exactly as it will go on the wire: its method,
/// <see cref="Uri.PathAndQuery"/>, the <c>Host</c> HttpClient sends and every header (request and
/// content headers, each name once, values joined with <c>", "</c> as HttpClient writes them), with
/// SigV4 or S3 SigV2. For a streaming <see cref="Payload"/> it also replaces the content by its
/// <c>aws-chunked</c> encoding and arms the chunk signer from the seed signature, in the same call.
/// Thread-safe; one instance serves any number of requests.
/// </summary>
/// <remarks>
/// <code>
/// var signer = new HttpRequestSigner(new SigV4Signer(credentials, "us-east-1", "s3"));
/// using var request = new HttpRequestMessage(HttpMethod.Put, "https://bucket.s3.amazonaws.com/key")
/// {
///     Content = new StreamContent(File.OpenRead("big.bin")),
/// };
/// await signer.SignAsync(request, Payload.Streaming(ChecksumAlgorithm.Crc32C));
/// using var response = await httpClient.SendAsync(request);
/// </code>
/// Signing again (a retry) replaces what the signer owns: <c>Authorization</c>, <c>X-Amz-Date</c>
/// and, when the credentials carry one, the session token header.
/// Header values are checked as they will be sent: a CR, LF or other control but tab throws
/// <see cref="ArgumentException"/> naming the header before anything is signed.
/// </remarks>
public sealed partial class HttpRequestSigner
{
    private static readonly string[] V4Owned = ["Authorization", "X-Amz-Date"];
    private static readonly string[] V4aOwned = ["Authorization", "X-Amz-Date", "X-Amz-Region-Set"];
    private static readonly string[] V2Owned = ["Authorization"];
    private static readonly string[] TokenOwned = ["X-Amz-Security-Token"];

    private readonly SigV4Signer? _v4;
    private readonly SigV2Signer? _v2;
    private readonly SigV4aSigner? _v4a;
    private readonly Func<string, string?>? _bucketFromHost;
    private readonly TimeProvider _clock;
    private readonly SignatureVersion _version;
    private volatile HostHeader? _lastHost;

    /// <summary>Creates a SigV4 request signer.</summary>
    /// <param name="signer">The SigV4 signer: credentials, region, service and rules.</param>
    /// <param name="clock">The clock for signing times; default <see cref="TimeProvider.System"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="signer"/> is null.</exception>
    public HttpRequestSigner(SigV4Signer signer, TimeProvider? clock = null)
        : this(signer, nameof(signer), SignatureVersion.SigV4, clock) => _v4 = signer;

    /// <summary>Creates a SigV4a request signer (ECDSA P-256, valid in the signer's region set).</summary>
    /// <param name="signer">The SigV4a signer: credentials, service, region set and rules.</param>
    /// <param name="clock">The clock for signing times; default <see cref="TimeProvider.System"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="signer"/> is null.</exception>
    public HttpRequestSigner(SigV4aSigner signer, TimeProvider? clock = null)
        : this(signer, nameof(signer), SignatureVersion.SigV4a, clock) => _v4a = signer;

    /// <summary>Creates an S3 SigV2 request signer.</summary>
    /// <param name="signer">The SigV2 signer.</param>
    /// <param name="bucketFromHost">
    /// For virtual-host or CNAME addressing, the bucket a request's <c>Host</c> names (SigV2 signs
    /// it as <c>/bucket/key</c>): given the Host header, return the bucket, or null when the host
    /// names none. Null for path-style requests only. <see cref="VirtualHostBucket"/> makes one for
    /// <c>bucket.endpoint-host</c>.
    /// </param>
    /// <param name="clock">The clock for the <c>Date</c> header; default <see cref="TimeProvider.System"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="signer"/> is null.</exception>
    public HttpRequestSigner(SigV2Signer signer, Func<string, string?>? bucketFromHost = null, TimeProvider? clock = null)
        : this(signer, nameof(signer), SignatureVersion.SigV2, clock)
    {
        _v2 = signer;
        _bucketFromHost = bucketFromHost;
    }

    /// <summary>What every constructor does first: <paramref name="signer"/> (a signer or a credentials provider, named <paramref name="argument"/>) must not be null.</summary>
    private HttpRequestSigner(object signer, string argument, SignatureVersion version, TimeProvider? clock)
    {
        if (signer is null)
        {
            ThrowHelper.Null(argument);
        }

        _clock = clock ?? TimeProvider.System;
        _version = version;
    }

    /// <summary>The signature made.</summary>
    public SignatureVersion Version => _version;

    /// <summary>The SigV4 signer, or null for SigV2 and SigV4a. With a credentials provider: the signer of the credentials last signed with (null before the first signature).</summary>
    public SigV4Signer? SigV4 => _provider is null ? _v4 : _current?.V4;

    /// <summary>The SigV4a signer, or null for SigV4 and SigV2.</summary>
    public SigV4aSigner? SigV4a => _v4a;

    /// <summary>The SigV2 signer, or null for SigV4 and SigV4a. With a credentials provider: the signer of the credentials last signed with (null before the first signature).</summary>
    public SigV2Signer? SigV2 => _provider is null ? _v2 : _current?.V2;

    /// <summary>Signs <paramref name="request"/> at the clock's current time and sets the resulting headers on it.</summary>
    /// <param name="request">The request; its URI must be absolute http(s).</param>
    /// <param name="payload">How the body is signed; default <see cref="Payload.HashBody"/>. SigV2 signs no body: pass null.</param>
    /// <param name="cancellationToken">Cancels hashing the body.</param>
    /// <returns>What was signed; its headers are already on <paramref name="request"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="request"/> is null.</exception>
    /// <exception cref="ArgumentException">The URI is not absolute http(s), a header cannot be sent as it is, or the payload does not suit the signature.</exception>
    public ValueTask<SignedRequest> SignAsync(HttpRequestMessage request, Payload? payload = null, CancellationToken cancellationToken = default) =>
        SignAsync(request, payload, _clock.GetUtcNow(), cancellationToken);

    /// <summary>Signs <paramref name="request"/> at <paramref name="timestamp"/> and sets the resulting headers on it.</summary>
    /// <param name="request">The request; its URI must be absolute http(s).</param>
    /// <param name="payload">How the body is signed; default <see cref="Payload.HashBody"/>. SigV2 signs no body: pass null.</param>
    /// <param name="timestamp">The signing time.</param>
    /// <param name="cancellationToken">Cancels hashing the body.</param>
    /// <returns>What was signed; its headers are already on <paramref name="request"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="request"/> is null.</exception>
    /// <exception cref="ArgumentException">The URI is not absolute http(s), a header cannot be sent as it is, or the payload does not suit the signature.</exception>
    public async ValueTask<SignedRequest> SignAsync(HttpRequestMessage request, Payload? payload, DateTimeOffset timestamp, CancellationToken cancellationToken = default)
    {
        ThrowHelper.IfNull(request);

        var uri = request.RequestUri!;
        UriParts.Check(uri, nameof(request));
        string host = request.Headers.Host ?? HostOf(uri);
        string method = request.Method.Method;
        var (v4, current2) = _provider is null ? (_v4, _v2) : await CurrentSignersAsync(cancellationToken).ConfigureAwait(false);
        if (current2 is { } v2)
        {
            if (payload is { IsStreaming: true })
            {
                ThrowHelper.Argument(nameof(payload), $"payload {payload.Kind} is aws-chunked, which SigV2 cannot sign: pass null (SigV2 signs no body), or sign with SigV4.");
            }

            Remove(request, V2Owned);
            RemoveToken(request, v2.Credentials);
            var headers2 = WireHeaders(request);
            string? bucket = _bucketFromHost?.Invoke(host);
            var signed2 = new WhatWasSigned(null, null, v2, method, uri, headers2, host, string.Empty, timestamp, bucket).Sign();
            signed2.ApplyTo(request);
            return signed2;
        }

        var v4a = _v4a;
        Remove(request, v4a is null ? V4Owned : V4aOwned);
        RemoveToken(request, v4?.Credentials ?? v4a!.Credentials);
        payload ??= Payload.HashBody;
        AwsChunkedContent? chunked = null;
        if (payload.IsStreaming)
        {
            long? length = request.Content?.Headers.ContentLength;
            if (request.Content is null || length == 0)
            {
                // S3 servers refuse an empty aws-chunked body: nothing to stream, so the empty body's hash is signed.
                payload = Payload.Empty;
            }
            else
            {
                chunked = new AwsChunkedContent(request.Content, length, payload, v4a is null ? AwsChunkedEncoding.SignatureLength : SigV4aChunkSigner.SignatureLength);
                request.Content = chunked;
            }
        }

        string payloadHash = (v4a is null ? payload.Hash : SigV4aPayloadHash(payload))
            ?? Given(request)
            ?? await HashContentAsync(request.Content, cancellationToken).ConfigureAwait(false);
        if ((v4?.Options ?? v4a!.Options).ContentSha256Header != ContentSha256Header.Omit)
        {
            request.Headers.Remove(SigV4Constants.XAmzContentSha256);
            request.Headers.TryAddWithoutValidation(SigV4Constants.XAmzContentSha256, payloadHash);
        }

        var signed = new WhatWasSigned(v4, v4a, null, method, uri, WireHeaders(request), host, payloadHash, timestamp, null).Sign();
        signed.ApplyTo(request);
        if (chunked is not null && payload.Kind == PayloadKind.StreamingSigned)
        {
            chunked.Sign(v4 is not null ? v4.CreateChunkSigner(signed.Signature, signed.Timestamp) : v4a!.CreateChunkSigner(signed.Signature, signed.Timestamp));
        }

        return signed;
    }

    /// <summary>Shows the signature version and the signer (never a secret).</summary>
    /// <returns>A one-line description.</returns>
    public override string ToString() => $"HttpRequestSigner {{ {Version}, {(object?)SigV4 ?? (object?)_v4a ?? (object?)SigV2 ?? _provider} }}";

    /// <summary>SigV4a signs chunks with ECDSA: a signed streaming payload names that algorithm.</summary>
    private static string? SigV4aPayloadHash(Payload payload) => payload.Kind != PayloadKind.StreamingSigned
        ? payload.Hash
        : payload.Trailer is null ? AwsChunkedEncoding.StreamingEcdsaPayload : AwsChunkedEncoding.StreamingEcdsaPayloadTrailer;

    /// <summary>
    /// The bucket of virtual-host addressing under <paramref name="endpointHost"/>: for the Host
    /// <c>photos.s3.example.com</c> and endpoint host <c>s3.example.com</c>, <c>photos</c>; null for
    /// the endpoint host itself or another host. For <see cref="HttpRequestSigner(SigV2Signer, Func{string, string?}?, TimeProvider?)"/>.
    /// </summary>
    /// <param name="endpointHost">The server's Host header (with the port when it is not the default).</param>
    /// <returns>The bucket finder.</returns>
    /// <exception cref="ArgumentException"><paramref name="endpointHost"/> is null or empty.</exception>
    public static Func<string, string?> VirtualHostBucket(string endpointHost)
    {
        if (string.IsNullOrEmpty(endpointHost))
        {
            ThrowHelper.Argument(nameof(endpointHost), "endpointHost is empty: pass the server's host, such as s3.amazonaws.com.");
        }

        return host => host.Length > endpointHost.Length + 1
            && host.EndsWith(endpointHost, StringComparison.OrdinalIgnoreCase) && host[host.Length - endpointHost.Length - 1] == '.'
            ? host[..(host.Length - endpointHost.Length - 1)]
            : null;
    }
}
