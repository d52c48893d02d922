using System.Buffers;
using System.Net;
using System.Runtime.ExceptionServices;
using System.Xml.Linq;
using Signing.S3.Internal;

namespace Signing.S3;

public sealed partial class S3Client
{
    /// <summary>A bodiless 403 with the server's Date this far from ours is taken as RequestTimeTooSkewed (S3 allows 15 minutes).</summary>
    private static readonly TimeSpan SkewLimit = TimeSpan.FromMinutes(5);

    /// <summary>Where the read that must find the end of a body goes (nothing is kept from it; shared).</summary>
    private static readonly byte[] EndProbe = new byte[1];

    /// <summary>XML answers (listings of buckets, parts, uploads; copy and complete results) are read into memory up to this many bytes.</summary>
    private const int MaxBufferedBody = 64 * 1024 * 1024;

    /// <summary>The buffer a body of unknown length is first read into; it doubles as needed.</summary>
    private const int DefaultBodyBuffer = 64 * 1024;

    private static readonly string BufferedTooLong = $"The answer runs past {MaxBufferedBody} bytes, more than this client reads into memory for a request of this kind: the server's answer is not what was asked.";

    /// <summary>Error bodies are read up to this many bytes: enough for any S3 error document, bounded against a hostile server.</summary>
    private const int MaxErrorBody = 256 * 1024;

    /// <summary>
    /// Sends <paramref name="request"/> and returns the response with its whole body read inside the
    /// attempt, under the idle watch (a HEAD answer has none to read); the caller disposes it.
    /// </summary>
    internal Task<HttpResponseMessage> SendAsync(S3Request request, CancellationToken cancellationToken) =>
        SendAsync(request, (object?)null, static (_, request, response, scope) => request.Method == HttpMethod.Head ? Task.FromResult(response) : BufferAsync(request, response, scope), cancellationToken);

    /// <summary>As <see cref="SendAsync{TState, T}"/>, with a consumer that needs no state of its own.</summary>
    internal Task<T> SendAsync<T>(S3Request request, Func<HttpResponseMessage, AttemptScope, Task<T>> consume, CancellationToken cancellationToken) =>
        SendAsync(request, consume, static (consume, _, response, scope) => consume(response, scope), cancellationToken);

    /// <summary>
    /// The one send path and its one retry loop: per attempt build and sign a fresh request, send
    /// it, refuse a redirect, and hand a 2xx answer to <paramref name="consume"/>, which reads the
    /// body inside the attempt, so a body cut off, stalled or shorter than announced is retried
    /// here like a dropped connection, and counted once. On an error answer: correct the clock
    /// (once, on RequestTimeTooSkewed), back off and retry what a retry may cure, else throw the
    /// mapped <see cref="S3Exception"/>. At most <see cref="S3ClientOptions.MaxAttempts"/> sends.
    /// </summary>
    /// <typeparam name="TState">What the consumer needs besides the answer (so a static consumer allocates no closure).</typeparam>
    /// <typeparam name="T">What the consumer makes of the answer.</typeparam>
    /// <param name="request">What to send.</param>
    /// <param name="state">Passed to <paramref name="consume"/>.</param>
    /// <param name="consume">
    /// Reads the answer; it owns the response from then on (it disposes it, or returns something
    /// that does). It may <see cref="AttemptScope.Detach"/> the scope to hand a stream to the caller.
    /// An exception wrapped in <see cref="NotRetriedException"/> ends the loop with its inner exception.
    /// </param>
    /// <param name="cancellationToken">Cancels the request.</param>
    internal async Task<T> SendAsync<TState, T>(S3Request request, TState state, Func<TState, S3Request, HttpResponseMessage, AttemptScope, Task<T>> consume, CancellationToken cancellationToken)
    {
        bool skewCorrected = false;
        for (int attempt = 1; ; attempt++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var scope = new AttemptScope(Options.Timeout, Options.IdleTimeout, cancellationToken);
            HttpRequestMessage? message = null;
            HttpResponseMessage? response = null;
            S3Exception? error = null;
            Exception? transient = null;
            DateTimeOffset? serverTime = null;
            Uri? sentTo = null;
            try
            {
                (message, var signed) = await BuildAsync(request, scope, cancellationToken).ConfigureAwait(false);
                sentTo = message.RequestUri!; // a redirect handler changes the message's own RequestUri
                response = await _http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, scope.Token).ConfigureAwait(false);
                CheckNotRedirected(request, sentTo, response);
                if (response.IsSuccessStatusCode)
                {
                    var owned = response;
                    response = null; // consume owns it now
                    return await consume(state, request, owned, scope).ConfigureAwait(false);
                }

                serverTime = response.Headers.Date;
                error = await ReadErrorAsync(request, response, signed, scope, cancellationToken).ConfigureAwait(false);
            }
            catch (NotRetriedException e)
            {
                ExceptionDispatchInfo.Throw(e.InnerException!);
                throw;
            }
            catch (HttpRequestException e) when (!scope.CallerCancelled && sentTo is not null && _tls.Explain(e, sentTo, request.Bucket, Options.Addressing) is { } explained)
            {
                // A refused certificate stays refused: reported at once. A failed handshake may be a dropped connection: retried.
                transient = explained.Kind == TlsFailureKind.Handshake ? explained : throw explained;
            }
            catch (Exception e) when (IsTransient(e, scope))
            {
                transient = scope.Explain(e);
            }
            finally
            {
                // Before any back-off: the failed attempt's connection goes back, its timer stops.
                Release(response, message, scope);
            }

            if (transient is not null)
            {
                if (attempt >= Options.MaxAttempts)
                {
                    throw transient is S3TlsException ? transient : Exhausted(request, attempt, transient);
                }

                await Delay(BackoffDelay(attempt), cancellationToken).ConfigureAwait(false);
                continue;
            }

            if (error!.Code == "RequestTimeTooSkewed" && Options.ClockSkewCorrection == S3ClockSkewCorrection.Enabled && !skewCorrected && serverTime is { } date)
            {
                _clock.Offset = date - _clock.GetUncorrectedUtcNow();
                skewCorrected = true;
                attempt--; // the corrected retry does not count as an attempt
                continue;
            }

            if (S3Errors.IsRetryable(error.StatusCode, error.Code) && attempt < Options.MaxAttempts)
            {
                await Delay(BackoffDelay(attempt), cancellationToken).ConfigureAwait(false);
                continue;
            }

            throw error;
        }
    }

    /// <summary>Sends and disposes the response, returning its headers only.</summary>
    internal async Task<HttpResponseMessage> SendNoBodyAsync(S3Request request, CancellationToken cancellationToken)
    {
        var response = await SendAsync(request, cancellationToken).ConfigureAwait(false);
        response.Dispose();
        return response;
    }

    /// <summary>Sends and parses the XML answer, failing on an <c>Error</c> document even with status 200.</summary>
    internal async Task<(XElement Root, HttpResponseMessage Response)> SendForXmlAsync(S3Request request, string what, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(request, cancellationToken).ConfigureAwait(false);
        string body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        var root = S3Xml.Parse(body, what);
        if (root.Name.LocalName == "Error")
        {
            // A 200 answer that failed anyway (CopyObject, CompleteMultipartUpload).
            throw S3Errors.Create(response.StatusCode, body, RequestId(response), request.Method.Method, request.Bucket, request.Key, null, _redactor, advice: null);
        }

        return (root, response);
    }

    /// <summary>Full-jitter exponential back-off: uniform in [0, min(max, base * 2^(attempt-1))].</summary>
    internal TimeSpan BackoffDelay(int attempt)
    {
        double cap = Math.Min(Options.MaxRetryDelay.TotalMilliseconds, Options.RetryBaseDelay.TotalMilliseconds * Math.Pow(2, attempt - 1));
#pragma warning disable CA5394 // jitter, not security
        return TimeSpan.FromMilliseconds(Random.Shared.NextDouble() * cap);
#pragma warning restore CA5394
    }

    /// <summary>A failure a retry may cure: the connection (refused, reset, cut), a body that stalled or ended early, an attempt that timed out; never the caller's cancellation.</summary>
    private static bool IsTransient(Exception e, AttemptScope scope) =>
        !scope.CallerCancelled && e is HttpRequestException or IOException or OperationCanceledException or TimeoutException;

    /// <summary>The exception after the last attempt failed: the true number of attempts and the last cause.</summary>
    private static Exception Exhausted(S3Request request, int attempts, Exception cause)
    {
        string what = request.Describe();
        if (cause is TimeoutException)
        {
            return new TimeoutException($"{what} timed out on each of {attempts} attempt(s); the last: {cause.Message}.", cause);
        }

        string why = $"{what} failed after {attempts} attempt(s): the server could not be reached or dropped the connection ({cause.Message}).";
        return cause is IOException ? new IOException(why, cause) : new HttpRequestException(why, cause);
    }

    /// <summary>
    /// A response to another URL than the one sent means a handler followed a redirect (a handler
    /// or HttpClient passed in with AllowAutoRedirect on): refused, since the signed headers went
    /// with it. A 3xx answer itself is mapped by <see cref="ReadErrorAsync"/>.
    /// </summary>
    private static void CheckNotRedirected(S3Request request, Uri asked, HttpResponseMessage response)
    {
        if (response.RequestMessage is { RequestUri: { } now } && !ReferenceEquals(now, asked)
            && !string.Equals(now.OriginalString, asked.OriginalString, StringComparison.Ordinal))
        {
            response.Dispose();
            throw new S3Exception(
                $"{request.Describe()}: the HTTP handler followed a redirect to {now.Scheme}://{now.Authority}, so the signed request went there too. " +
                "Turn redirects off on the handler or HttpClient given to S3Client (AllowAutoRedirect = false), and check the endpoint and region.");
        }
    }

    private async Task<S3Exception> ReadErrorAsync(S3Request request, HttpResponseMessage response, SignedRequest? signed, AttemptScope scope, CancellationToken cancellationToken)
    {
        string body = string.Empty;
        if (request.Method != HttpMethod.Head)
        {
            try
            {
                // Up to MaxErrorBody bytes as UTF-8 text, under the idle watch (not held to the length announced).
                var stream = await response.Content.ReadAsStreamAsync(scope.Token).ConfigureAwait(false);
                using var watched = new WatchedReadStream(stream, scope, expectedLength: null, request, ownsScope: false);
                var (buffer, n) = await ReadAllAsync(watched, response.Content.Headers.ContentLength, MaxErrorBody, tooLong: null, scope.Token).ConfigureAwait(false);
                body = System.Text.Encoding.UTF8.GetString(buffer, 0, n);
                ArrayPool<byte>.Shared.Return(buffer);
            }
            catch (Exception e) when (e is HttpRequestException or IOException or TimeoutException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
            {
                // A broken error body still leaves the status to report.
            }
        }

        int status = (int)response.StatusCode;
        if (status is >= 300 and < 400 && status != 304)
        {
            string? bucketRegion = response.Headers.TryGetValues("x-amz-bucket-region", out var regions) ? regions.FirstOrDefault() : null;
            return S3Errors.Redirect(response.StatusCode, body, response.Headers.Location, bucketRegion, RequestId(response), request.Method.Method, request.Bucket, request.Key, Options.Region, _redactor);
        }

        var ours = signed is not null && body.Contains("SignatureDoesNotMatch", StringComparison.Ordinal) ? signed.Explain() : null;
        var error = S3Errors.Create(response.StatusCode, body, RequestId(response), request.Method.Method, request.Bucket, request.Key, ours, _redactor, signed is null ? null : MismatchAdvice(signed, response.Headers.Date));
        if (body.Length == 0 && response.StatusCode == HttpStatusCode.Forbidden && response.Headers.Date is { } serverTime
            && (serverTime - _clock.GetUtcNow()).Duration() > SkewLimit)
        {
            // A HEAD answer has no body to name the error: a server clock this far off means the request time was refused.
            error = new S3Exception(error.StatusCode, "RequestTimeTooSkewed", error.Message.Replace("S3 Forbidden", "S3 RequestTimeTooSkewed (inferred from the Date header)", StringComparison.Ordinal), null, error.RequestId, error.Resource, null);
        }

        return error;
    }

    /// <summary>What to check when the server computed another signature, with what this attempt signed.</summary>
    private string MismatchAdvice(SignedRequest signed, DateTimeOffset? serverDate)
    {
        string clock = FormattableString.Invariant($"signed at {signed.Timestamp:yyyy-MM-dd'T'HH:mm:ss'Z'}")
            + (serverDate is { } date ? FormattableString.Invariant($", server time {date.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'}") : string.Empty);

        return signed.Version == SignatureVersion.SigV2
            ? $"The server computed another signature: check the secret key of access key {AccessKeyId}, that nothing between here and the server changed a signed header (Content-Type, Content-MD5, Date, x-amz-*) or the path, and the clock ({clock})."
            : $"The server computed another signature: check the secret key of access key {AccessKeyId}, the region ({Options.Region}, signed into the scope), the clock ({clock}), "
                + "that nothing between here and the server changed a signed header or the path, and that the server takes Signature V4 (for one that only takes V2, use SigningPolicy SigV2 or Hybrid).";
    }

    /// <summary>Reads the body (under the idle watch) into memory and returns the response holding it; an I/O failure fails the attempt.</summary>
    private static async Task<HttpResponseMessage> BufferAsync(S3Request request, HttpResponseMessage response, AttemptScope scope)
    {
        try
        {
            long? length = response.Content.Headers.ContentLength;
            if (length == 0)
            {
                return response;
            }

            if (length > MaxBufferedBody)
            {
                throw new InvalidDataException($"The answer announces {length} bytes, more than the {MaxBufferedBody} this client reads into memory for a request of this kind: the server's answer is not what was asked.");
            }

            // The stream refuses a body longer or shorter than announced.
            var stream = await response.Content.ReadAsStreamAsync(scope.Token).ConfigureAwait(false);
            using var watched = new WatchedReadStream(stream, scope, length, request, ownsScope: false);
            var (buffer, n) = await ReadAllAsync(watched, length, MaxBufferedBody, BufferedTooLong, scope.Token).ConfigureAwait(false);
            var buffered = new ByteArrayContent(buffer.AsSpan(0, n).ToArray());
            ArrayPool<byte>.Shared.Return(buffer);
            foreach (var h in response.Content.Headers.NonValidated)
            {
                buffered.Headers.TryAddWithoutValidation(h.Key, h.Value);
            }

            response.Content.Dispose();
            response.Content = buffered;
            return response;
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Reads <paramref name="body"/> to its end into a buffer rented from <see cref="ArrayPool{T}.Shared"/>
    /// (the caller returns it): sized for <paramref name="length"/> when known, else doubled as needed.
    /// A body longer than <paramref name="max"/> bytes throws <see cref="InvalidDataException"/> with
    /// <paramref name="tooLong"/>, or, when that is null, is cut there.
    /// </summary>
    private static async Task<(byte[] Buffer, int Length)> ReadAllAsync(Stream body, long? length, int max, string? tooLong, CancellationToken cancellationToken)
    {
        // One byte more than announced, so that the read that finds the end needs no bigger buffer.
        byte[] buffer = ArrayPool<byte>.Shared.Rent(length > 0 ? (int)Math.Min(length.Value + 1, max) : Math.Min(DefaultBodyBuffer, max));
        int filled = 0;
        try
        {
            while (true)
            {
                if (filled == max)
                {
                    if (tooLong is null || await body.ReadAsync(EndProbe, cancellationToken).ConfigureAwait(false) == 0)
                    {
                        break;
                    }

                    throw new InvalidDataException(tooLong);
                }

                if (filled == buffer.Length)
                {
                    byte[] bigger = ArrayPool<byte>.Shared.Rent(Math.Min(buffer.Length * 2, max));
                    buffer.AsSpan(0, filled).CopyTo(bigger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = bigger;
                }

                int read = await body.ReadAsync(buffer.AsMemory(filled, Math.Min(buffer.Length, max) - filled), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                filled += read;
            }

            cancellationToken.ThrowIfCancellationRequested();
            return (buffer, filled);
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
    }

    private static string? RequestId(HttpResponseMessage response) =>
        response.Headers.TryGetValues("x-amz-request-id", out var values) ? string.Join(",", values) : null;

    private static void Release(HttpResponseMessage? response, HttpRequestMessage? message, AttemptScope scope)
    {
        response?.Dispose();
        message?.Dispose();
        if (!scope.Detached)
        {
            scope.Dispose();
        }
    }
}
