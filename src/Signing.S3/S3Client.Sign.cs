using Signing.S3.Internal;

namespace Signing.S3;

public sealed partial class S3Client
{
    private static readonly HashSet<string> ContentHeaderNames = new(StringComparer.OrdinalIgnoreCase)
    {
        "Content-Type", "Content-MD5", "Content-Disposition", "Content-Encoding", "Content-Language", "Expires", "Content-Length", "Content-Range",
    };

    /// <summary>Which signature signs <paramref name="request"/> under the client's policy (null: anonymous).</summary>
    internal S3SigningPolicy? SignatureFor(S3Request request) => _v4 is null
        ? null
        : Options.SigningPolicy switch
        {
            S3SigningPolicy.SigV2 => S3SigningPolicy.SigV2,
            S3SigningPolicy.Hybrid when request.ObjectData => S3SigningPolicy.SigV2,
            _ => S3SigningPolicy.SigV4,
        };

    /// <summary>Builds one attempt's message: URL, headers, a fresh body, and the signature (through the engine's public <see cref="HttpRequestSigner"/>).</summary>
    private async ValueTask<(HttpRequestMessage Message, SignedRequest? Signed)> BuildAsync(S3Request request, AttemptScope scope, CancellationToken cancellationToken)
    {
        var url = S3Uri.Build(_endpoint, Options.Addressing, request.Bucket, request.Key, request.Query);
        var message = new HttpRequestMessage(request.Method, url);
        var signature = SignatureFor(request);
        bool chunked = signature == S3SigningPolicy.SigV4 && Options.Payload.IsStreaming
            && request.Streamable && request.Body is { Length: > 0 };

        if (request.Body is { } body)
        {
            // A chunked body is encoded by the signer around this content; its writes are watched once it is (below).
            message.Content = body.CreateContent(chunked ? null : scope);
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
        if (signature == S3SigningPolicy.SigV2)
        {
            var signed2 = await _v2!.SignAsync(message, null, now, cancellationToken).ConfigureAwait(false);
            NoteCredentials(_v2.SigV2?.Credentials);
            return (message, signed2);
        }

        var payload = chunked ? Options.Payload
            : request.Body is null ? Payload.Empty
            : Options.Payload.Kind == PayloadKind.Unsigned ? Payload.Unsigned
            : await request.Body.Sha256PayloadAsync(cancellationToken).ConfigureAwait(false);
        var signed = await _v4!.SignAsync(message, payload, now, cancellationToken).ConfigureAwait(false);
        NoteCredentials(_v4.SigV4?.Credentials);
        if (chunked)
        {
            // Every write of the encoded body to the connection is under the attempt's idle watch.
            message.Content = new WatchedContent(message.Content!, scope);
        }

        return (message, signed);
    }

    /// <summary>The access key id last signed with (for messages), or null when anonymous.</summary>
    private string? AccessKeyId => (_v4?.SigV4?.Credentials ?? _v2?.SigV2?.Credentials)?.AccessKeyId;

    /// <summary>With a credentials provider, keeps the redactor on the credentials that signed last.</summary>
    private void NoteCredentials(AwsCredentials? used)
    {
        if (used is not null && !ReferenceEquals(used, _redactorFor))
        {
            _redactor = new SecretRedactor(used);
            _redactorFor = used;
        }
    }

    /// <summary>Waits for a value that is almost always there already (cached credentials); blocks otherwise (presigning is synchronous).</summary>
    private static T Wait<T>(ValueTask<T> pending) => pending.IsCompletedSuccessfully ? pending.Result : pending.AsTask().GetAwaiter().GetResult();
}
