using System.Security.Cryptography;
using Signing.Internal;

namespace Signing;

// The wire side of HttpRequestSigner: the headers and Host as sent, the body's hash, what was signed.
public sealed partial class HttpRequestSigner
{
    /// <summary>
    /// The headers as HttpClient will write them: each name once, values joined with ", ". Each is
    /// checked as it will go on the wire: a CR or LF (even as a line fold, obsolete on the wire) or
    /// another control but tab throws <see cref="ArgumentException"/> naming the header, since .NET
    /// sends values added with <c>TryAddWithoutValidation</c> unchecked.
    /// </summary>
    internal static HttpHeader[] WireHeaders(HttpRequestMessage request)
    {
        var content = request.Content?.Headers.NonValidated;
        var headers = new HttpHeader[request.Headers.NonValidated.Count + (content?.Count ?? 0)];
        int n = 0;
        foreach (var h in request.Headers.NonValidated)
        {
            headers[n++] = Checked(h.Key, h.Value.ToString());
        }

        if (content is { } contentHeaders)
        {
            foreach (var h in contentHeaders)
            {
                headers[n++] = Checked(h.Key, h.Value.ToString());
            }
        }

        return headers;
    }

    private static HttpHeader Checked(string name, string value)
    {
        Validate.HeaderName(name);
        Validate.WireHeaderValue(name, value);
        return new HttpHeader(name, value);
    }

    /// <summary>
    /// The Host header HttpClient sends for <paramref name="uri"/>; the last one made is kept, so
    /// requests to one endpoint with a port share one string.
    /// </summary>
    private string HostOf(Uri uri)
    {
        if (uri.IsDefaultPort)
        {
            return uri.IdnHost;
        }

        var last = _lastHost;
        if (last is not null && last.Port == uri.Port && string.Equals(last.IdnHost, uri.IdnHost, StringComparison.Ordinal))
        {
            return last.Header;
        }

        string header = UriParts.HostHeader(uri);
        _lastHost = new HostHeader(uri.IdnHost, uri.Port, header);
        return header;
    }

    private static void Remove(HttpRequestMessage request, string[] names)
    {
        foreach (string name in names)
        {
            request.Headers.Remove(name);
        }
    }

    /// <summary>
    /// With a session token, the token header is the signer's: one left by an earlier signing (a
    /// retry, rotated credentials) is replaced, never sent stale. Without one, a header the caller
    /// set is signed as given.
    /// </summary>
    private static void RemoveToken(HttpRequestMessage request, AwsCredentials credentials)
    {
        if (credentials.SessionToken is not null)
        {
            Remove(request, TokenOwned);
        }
    }

    /// <summary>The <c>x-amz-content-sha256</c> the request already carries: signed as given.</summary>
    private static string? Given(HttpRequestMessage request) =>
        request.Headers.TryGetValues(SigV4Constants.XAmzContentSha256, out var given) ? string.Join(",", given) : null;

    /// <summary>
    /// The hex SHA-256 of the content: byte-array and memory contents are read in place; any other
    /// content is buffered first (so it can still be sent), which is why large bodies should be
    /// signed with <see cref="Payload.Sha256(string)"/>, <see cref="Payload.Unsigned"/> or a streaming payload.
    /// </summary>
    private static async ValueTask<string> HashContentAsync(HttpContent? content, CancellationToken cancellationToken)
    {
        if (content is null || content.Headers.ContentLength == 0)
        {
            return Hashing.EmptySha256Hex;
        }

        if (content is not (ByteArrayContent or ReadOnlyMemoryContent))
        {
#if NET9_0_OR_GREATER
            await content.LoadIntoBufferAsync(cancellationToken).ConfigureAwait(false);
#else
            await content.LoadIntoBufferAsync().ConfigureAwait(false);
#endif
        }

        var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        long start = stream.CanSeek ? stream.Position : 0;
        byte[] hash = await SHA256.HashDataAsync(stream, cancellationToken).ConfigureAwait(false);
        if (stream.CanSeek)
        {
            stream.Position = start;
        }

        return AsciiText.ToHexLowerString(hash);
    }

    /// <summary>A Host header and the URI host and port it was made for.</summary>
    private sealed record HostHeader(string IdnHost, int Port, string Header);

    /// <summary>
    /// What one signature covers: the wire form of the request (path and query sliced from the
    /// Uri's cached <see cref="Uri.PathAndQuery"/>, no copy). It signs, and stays with the result to
    /// work the explanation out again, on demand only.
    /// </summary>
    private sealed class WhatWasSigned(SigV4Signer? v4, SigV4aSigner? v4a, SigV2Signer? v2, string method, Uri uri, HttpHeader[] headers, string host, string payloadHash, DateTimeOffset timestamp, string? bucket) : IExplainable
    {
        public SignedRequest Sign()
        {
            UriParts.SplitPathAndQuery(uri, out var path, out var query);
            var view = new HttpRequestView(method, path, query, headers) { Host = host, PayloadHash = payloadHash };
            var signed = v4 is not null ? v4.Sign(view, timestamp) : v4a is not null ? v4a.Sign(view, timestamp) : v2!.Sign(view, timestamp, bucket);
            signed.Explainer = this;
            return signed;
        }

        public SigningExplanation Explain()
        {
            UriParts.SplitPathAndQuery(uri, out var path, out var query);
            var view = new HttpRequestView(method, path, query, headers) { Host = host, PayloadHash = payloadHash };
            return v4 is not null ? v4.Explain(view, timestamp) : v4a is not null ? v4a.Explain(view, timestamp) : v2!.Explain(view, timestamp, bucket: bucket);
        }
    }
}
