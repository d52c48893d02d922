using Signing.Internal;
using Signing.S3.Internal;
using Signing.Streaming;

namespace Signing.S3;

public sealed partial class S3Client
{
    private static readonly HashSet<string> ContentHeaderNames = new(StringComparer.OrdinalIgnoreCase)
    {
        "Content-Type", "Content-MD5", "Content-Disposition", "Content-Encoding", "Content-Language", "Expires", "Content-Length", "Content-Range",
    };

    /// <summary>Which signature signs <paramref name="request"/> under the client's policy (null: anonymous).</summary>
    internal S3SigningPolicy? SignatureFor(S3Request request) => Options.Credentials is null
        ? null
        : Options.SigningPolicy switch
        {
            S3SigningPolicy.SigV2 => S3SigningPolicy.SigV2,
            S3SigningPolicy.Hybrid when request.ObjectData => S3SigningPolicy.SigV2,
            _ => S3SigningPolicy.SigV4,
        };

    /// <summary>Builds one attempt's message: URL, headers, a fresh body, and the signature.</summary>
    private async ValueTask<(HttpRequestMessage Message, SignedAttempt? Signed)> BuildAsync(S3Request request, AttemptScope scope, List<IDisposable> disposables, CancellationToken cancellationToken)
    {
        var url = S3Uri.Build(_endpoint, Options.Addressing, request.Bucket, request.Key, request.Query);
        var message = new HttpRequestMessage(request.Method, url.Uri);
        var signature = SignatureFor(request);
        bool chunked = signature == S3SigningPolicy.SigV4 && Options.PayloadMode == S3PayloadMode.StreamingChunked
            && request.Streamable && request.Body is { Length: > 0 };

        AwsChunkedContent? chunkedContent = null;
        if (request.Body is { } body)
        {
            if (chunked)
            {
                var source = body.Open();
                disposables.Add(source);
                chunkedContent = new AwsChunkedContent(source, body.Length);
                if (body.ContentType is not null)
                {
                    chunkedContent.Headers.TryAddWithoutValidation("Content-Type", body.ContentType);
                }

                // Every write of the encoded body to the connection is under the attempt's idle watch.
                message.Content = new WatchedContent(chunkedContent, scope);
            }
            else
            {
                message.Content = body.CreateContent(scope);
            }

            if (request.ContentMd5)
            {
                message.Content.Headers.TryAddWithoutValidation("Content-MD5", await body.Md5Base64Async(cancellationToken).ConfigureAwait(false));
            }
        }
        else if (request.Method == HttpMethod.Put || request.Method == HttpMethod.Post)
        {
            message.Content = new ByteArrayContent([]);
        }

        foreach (var h in request.Headers)
        {
            if (ContentHeaderNames.Contains(h.Name))
            {
                message.Content ??= new ByteArrayContent([]);
                message.Content.Headers.Remove(h.Name);
                message.Content.Headers.TryAddWithoutValidation(h.Name, h.Value);
            }
            else
            {
                message.Headers.TryAddWithoutValidation(h.Name, h.Value);
            }
        }

        if (signature is null)
        {
            return (message, null);
        }

        DateTimeOffset now = _clock.GetUtcNow();
        string? virtualBucket = Options.Addressing == S3Addressing.VirtualHost ? request.Bucket : null;
        // What HttpClient sends: the path and query as built (the Uri keeps them as written), and this Host.
        string host = virtualBucket is null ? _endpoint.HostHeader : UriParts.HostHeader(url.Uri);

        if (signature == S3SigningPolicy.SigV2)
        {
            var headers2 = AwsSigningHandler.WireHeaders(message);
            var signed2 = _v2!.Sign(new HttpRequestView(request.Method.Method, url.Path, url.Query, headers2), now, virtualBucket);
            signed2.ApplyTo(message);
            return (message, new SignedAttempt(S3SigningPolicy.SigV2, request.Method.Method, url, host, headers2, string.Empty, now, virtualBucket));
        }

        string payloadHash = chunkedContent is not null ? chunkedContent.PayloadHash
            : request.Body is null ? Hashing.EmptySha256Hex
            : Options.PayloadMode == S3PayloadMode.Unsigned ? SigV4Constants.UnsignedPayload
            : await request.Body.Sha256HexAsync(cancellationToken).ConfigureAwait(false);
        message.Headers.TryAddWithoutValidation("x-amz-content-sha256", payloadHash);
        var headers = AwsSigningHandler.WireHeaders(message);
        var signed = _v4!.Sign(new HttpRequestView(request.Method.Method, url.Path, url.Query, headers) { Host = host, PayloadHash = payloadHash }, now);
        signed.ApplyTo(message);
        chunkedContent?.Sign(_v4.CreateChunkSigner(signed.Signature, signed.Timestamp));
        return (message, new SignedAttempt(S3SigningPolicy.SigV4, request.Method.Method, url, host, headers, payloadHash, now, virtualBucket));
    }

    /// <summary>Our canonical request and string to sign for a failed attempt (no secret in them).</summary>
    private SigningExplanation? Explain(SignedAttempt a)
    {
        var view = new HttpRequestView(a.Method, a.Url.Path, a.Url.Query, a.Headers) { Host = a.Host, PayloadHash = a.PayloadHash };
        return a.Signature == S3SigningPolicy.SigV2 ? _v2?.Explain(view, a.Timestamp, a.VirtualBucket) : _v4?.Explain(view, a.Timestamp);
    }

    /// <summary>What one attempt signed, kept to explain a SignatureDoesNotMatch answer.</summary>
    private sealed record SignedAttempt(S3SigningPolicy Signature, string Method, S3Url Url, string Host, HttpHeader[] Headers, string PayloadHash, DateTimeOffset Timestamp, string? VirtualBucket);
}
