using System.Net;
using System.Xml.Linq;
using Signing.S3.Internal;

namespace Signing.S3;

public sealed partial class S3Client
{
    /// <summary>A bodiless 403 with the server's Date this far from ours is taken as RequestTimeTooSkewed (S3 allows 15 minutes).</summary>
    private static readonly TimeSpan SkewLimit = TimeSpan.FromMinutes(5);

    /// <summary>
    /// The one send path: per attempt build and sign a fresh request, send it, and on failure
    /// correct the clock (once, on RequestTimeTooSkewed), back off and retry, or throw the mapped error.
    /// </summary>
    /// <returns>The successful response; the caller disposes it.</returns>
    internal async Task<HttpResponseMessage> SendAsync(S3Request request, CancellationToken cancellationToken)
    {
        bool skewCorrected = false;
        for (int attempt = 1; ; attempt++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            // The attempt's time limit: the HttpClient's own when the client made it, else a token of ours.
            using var attemptCts = _httpTimesOut || Options.Timeout == System.Threading.Timeout.InfiniteTimeSpan
                ? null
                : CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            attemptCts?.CancelAfter(Options.Timeout);

            var disposables = new List<IDisposable>(2);
            HttpResponseMessage response;
            SignedAttempt? signed;
            try
            {
                HttpRequestMessage message;
                (message, signed) = await BuildAsync(request, disposables, cancellationToken).ConfigureAwait(false);
                disposables.Add(message);
                var completion = request.StreamResponse ? HttpCompletionOption.ResponseHeadersRead : HttpCompletionOption.ResponseContentRead;
                response = await _http.SendAsync(message, completion, attemptCts?.Token ?? cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (IsTransient(e, cancellationToken))
            {
                DisposeAll(disposables);
                if (attempt >= Options.MaxAttempts)
                {
                    if (e is OperationCanceledException)
                    {
                        throw new TimeoutException($"S3 {request.Method} {Describe(request)} timed out after {Options.Timeout} on each of {attempt} attempt(s).", e);
                    }

                    string why = $"S3 {request.Method} {Describe(request)} failed after {attempt} attempt(s): the server could not be reached or dropped the connection ({e.Message}).";
                    throw e is IOException ? new IOException(why, e) : new HttpRequestException(why, e);
                }

                await Delay(BackoffDelay(attempt), cancellationToken).ConfigureAwait(false);
                continue;
            }
            catch
            {
                DisposeAll(disposables);
                throw;
            }

            DisposeAll(disposables);
            if (response.IsSuccessStatusCode)
            {
                return response;
            }

            S3Exception error;
            using (response)
            {
                error = await ReadErrorAsync(request, response, signed, cancellationToken).ConfigureAwait(false);
                if (error.Code == "RequestTimeTooSkewed" && Options.ClockSkewCorrection == S3ClockSkewCorrection.Enabled && !skewCorrected
                    && response.Headers.Date is { } serverTime)
                {
                    _clock.Offset = serverTime - _clock.GetUncorrectedUtcNow();
                    skewCorrected = true;
                    attempt--; // the corrected retry does not count as an attempt
                    continue;
                }
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
        if (S3Errors.ErrorIn200(root) is not null)
        {
            throw S3Errors.Create(response.StatusCode, body, RequestId(response), request.Method.Method, request.Bucket, request.Key, ours: null);
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

    private static bool IsTransient(Exception e, CancellationToken cancellationToken) =>
        !cancellationToken.IsCancellationRequested && e is HttpRequestException or IOException or OperationCanceledException;

    private async Task<S3Exception> ReadErrorAsync(S3Request request, HttpResponseMessage response, SignedAttempt? signed, CancellationToken cancellationToken)
    {
        string body = string.Empty;
        if (request.Method != HttpMethod.Head)
        {
            try
            {
                body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (HttpRequestException)
            {
                // A broken error body still leaves the status to report.
            }
            catch (IOException)
            {
            }
        }

        SigningExplanation? ours = null;
        if (signed is not null && body.Contains("SignatureDoesNotMatch", StringComparison.Ordinal))
        {
            ours = Explain(signed);
        }

        var error = S3Errors.Create(response.StatusCode, body, RequestId(response), request.Method.Method, request.Bucket, request.Key, ours);
        if (body.Length == 0 && response.StatusCode == HttpStatusCode.Forbidden && response.Headers.Date is { } serverTime
            && (serverTime - _clock.GetUtcNow()).Duration() > SkewLimit)
        {
            // A HEAD answer has no body to name the error: a server clock this far off means the request time was refused.
            error = new S3Exception(error.StatusCode, "RequestTimeTooSkewed", error.Message.Replace("S3 Forbidden", "S3 RequestTimeTooSkewed (inferred from the Date header)", StringComparison.Ordinal), null, error.RequestId, error.Resource, null);
        }

        return error;
    }

    private static string? RequestId(HttpResponseMessage response) =>
        response.Headers.TryGetValues("x-amz-request-id", out var values) ? string.Join(",", values) : null;

    /// <summary>The request for messages: <c>bucket/key</c> and its sub-resource query (<c>?partNumber=3&amp;uploadId=…</c>), never a signature.</summary>
    private static string Describe(S3Request request)
    {
        string target = request.Bucket is null ? "/" : request.Key is null ? request.Bucket : $"{request.Bucket}/{request.Key}";
        return request.Query.Count == 0
            ? target
            : target + "?" + string.Join('&', request.Query.Select(q => q.Value is null ? q.Key : $"{q.Key}={q.Value}"));
    }

    private static void DisposeAll(List<IDisposable> disposables)
    {
        foreach (var d in disposables)
        {
            d.Dispose();
        }

        disposables.Clear();
    }
}
