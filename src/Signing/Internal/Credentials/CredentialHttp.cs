using System.Net;

namespace Signing.Internal.Credentials;

/// <summary>The HTTP clients of the credential sources: never follow redirects (a redirect would carry a token elsewhere).</summary>
internal static class CredentialHttp
{
    /// <summary>For link-local metadata endpoints (container, instance): no proxy, a short connect timeout.</summary>
    public static HttpClient Metadata { get; } = new(new SocketsHttpHandler
    {
        AllowAutoRedirect = false,
        UseProxy = false,
        ConnectTimeout = TimeSpan.FromMilliseconds(500),
        PooledConnectionLifetime = TimeSpan.FromMinutes(1),
    })
    {
        Timeout = Timeout.InfiniteTimeSpan,
    };

    /// <summary>For STS and the SSO portal: the system proxy, 10 s to connect.</summary>
    public static HttpClient Services { get; } = new(new SocketsHttpHandler
    {
        AllowAutoRedirect = false,
        ConnectTimeout = TimeSpan.FromSeconds(10),
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
    })
    {
        Timeout = Timeout.InfiniteTimeSpan,
    };

    /// <summary>Sends <paramref name="request"/> and reads at most <see cref="CredentialJson.MaxBytes"/> of the answer, all within <paramref name="timeout"/>.</summary>
    /// <exception cref="TimeoutException">No full answer within the time.</exception>
    /// <exception cref="HttpRequestException">The connection failed.</exception>
    public static async Task<(HttpStatusCode Status, byte[] Body)> SendAsync(HttpClient client, HttpRequestMessage request, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(timeout);
        try
        {
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cts.Token).ConfigureAwait(false);
            using var stream = await response.Content.ReadAsStreamAsync(cts.Token).ConfigureAwait(false);
            using var body = new MemoryStream();
            var buffer = new byte[16 * 1024];
            int n;
            while ((n = await stream.ReadAsync(buffer, cts.Token).ConfigureAwait(false)) > 0)
            {
                if (body.Length + n > CredentialJson.MaxBytes)
                {
                    throw new HttpRequestException($"the answer is larger than {CredentialJson.MaxBytes / 1024} KiB: no credentials answer is that large.");
                }

                body.Write(buffer, 0, n);
            }

            return (response.StatusCode, body.ToArray());
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"no answer within {timeout.TotalSeconds:0.###} s");
        }
    }

    /// <summary>As <see cref="SendAsync(HttpClient, HttpRequestMessage, TimeSpan, CancellationToken)"/>; a timeout or a failed connection throws what <paramref name="failed"/> makes of why (<see cref="Why"/>) and the exception.</summary>
    public static async Task<(HttpStatusCode Status, byte[] Body)> SendAsync(HttpClient client, HttpRequestMessage request, TimeSpan timeout, Func<string, Exception, Exception> failed, CancellationToken cancellationToken)
    {
        try
        {
            return await SendAsync(client, request, timeout, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is HttpRequestException or TimeoutException)
        {
            throw failed(Why(ex), ex);
        }
    }

    /// <summary>Why a send failed, in a few words (the exception's own message; never a header value).</summary>
    public static string Why(Exception ex) => ex switch
    {
        TimeoutException t => t.Message,
        HttpRequestException { InnerException: System.Net.Sockets.SocketException s } => $"connection failed ({s.SocketErrorCode})",
        HttpRequestException h => h.Message,
        _ => ex.Message,
    };
}
