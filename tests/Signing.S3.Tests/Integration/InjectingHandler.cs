using System.Net;

namespace Signing.S3.Tests.Integration;

/// <summary>
/// Sits between the client and a real server: answers chosen requests with a canned failure,
/// or rewrites their body (to tamper with a signed aws-chunked body in flight).
/// </summary>
public sealed class InjectingHandler : DelegatingHandler
{
    public InjectingHandler()
        : base(TestServers.LoopbackHandler())
    {
    }

    /// <summary>Requests for which this returns true get a 400 InvalidArgument without reaching the server.</summary>
    public Func<HttpRequestMessage, bool> Fail { get; init; } = _ => false;

    /// <summary>Requests for which this returns true fail as if the server were stopped (connection refused).</summary>
    public Func<HttpRequestMessage, bool> Unreachable { get; set; } = _ => false;

    /// <summary>Changes a request after it was signed (a proxy rewriting a header, say).</summary>
    public Action<HttpRequestMessage>? AfterSigning { get; init; }

    /// <summary>Rewrites the serialized body of requests sent with Content-Encoding aws-chunked.</summary>
    public Action<byte[]>? TamperChunked { get; init; }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (Fail(request))
        {
            return new HttpResponseMessage(HttpStatusCode.BadRequest)
            {
                Content = new StringContent("<Error><Code>InvalidArgument</Code><Message>injected failure</Message></Error>"),
                RequestMessage = request,
            };
        }

        if (Unreachable(request))
        {
            throw new HttpRequestException(HttpRequestError.ConnectionError, "Connection refused (injected: server stopped)", new System.Net.Sockets.SocketException((int)System.Net.Sockets.SocketError.ConnectionRefused));
        }

        AfterSigning?.Invoke(request);
        if (TamperChunked is not null && request.Content is { } content && content.Headers.ContentEncoding.Contains("aws-chunked"))
        {
            byte[] body = await content.ReadAsByteArrayAsync(cancellationToken);
            TamperChunked(body);
            var replaced = new ByteArrayContent(body);
            foreach (var h in content.Headers.NonValidated)
            {
                if (!string.Equals(h.Key, "Content-Length", StringComparison.OrdinalIgnoreCase))
                {
                    replaced.Headers.TryAddWithoutValidation(h.Key, h.Value.ToString());
                }
            }

            request.Content = replaced;
        }

        return await base.SendAsync(request, cancellationToken);
    }
}
