using System.Buffers;
using System.Net;
using System.Text;
using Signing.S3;

namespace Signing.Cli;

internal static partial class CurlCommand
{
    private static async Task<int> TransferAsync(CurlFlags flags, CurlConnection connection, CurlRequest request, CurlOutput output, TextWriter stderr, CurlTransferInfo info, CancellationToken cancellationToken)
    {
        var message = request.Message;
        if (flags.ShowErrors)
        {
            request.Warnings.ForEach(w => stderr.WriteLine($"sigv: {w}"));
        }

        if (flags.Signing.Explain && request.IsSigned)
        {
            CliSigning.PrintExplanation(request.Explain()!, request.Credentials, stderr);
        }

        if (flags.Verbose)
        {
            stderr.WriteLine(request.IsSigned
                ? $"* Signed with {request.SignedWith}, access key {request.Credentials.AccessKeyId} (credentials: {request.Credentials.Source})"
                : $"* {request.UnsignedBecause}");
            request.Notes.ForEach(n => stderr.WriteLine($"* {n}"));
            CurlOutput.RequestLines(message).ForEach(l => stderr.WriteLine($"> {l}"));
            stderr.WriteLine("> ");
        }

        // From here on the transfer runs: --speed-limit judges it (hashing a -T file came before).
        using var speed = flags.SpeedLimit is { } bytesPerSecond ? new SpeedCheck(bytesPerSecond, flags.SpeedTime!.Value) : null;
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, speed?.Token ?? CancellationToken.None);
        try
        {
            return await SendAsync(flags, connection, request, output, stderr, speed, info, linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (speed?.TooSlow == true && !cancellationToken.IsCancellationRequested)
        {
            throw new CurlFailure(ExitCodes.TimedOut, speed.Message);
        }
    }

    private static async Task<int> SendAsync(CurlFlags flags, CurlConnection connection, CurlRequest request, CurlOutput output, TextWriter stderr, SpeedCheck? speed, CurlTransferInfo info, CancellationToken cancellationToken)
    {
        var message = request.Message;
        using var upload = flags.ProgressBar && message.Content?.Headers.ContentLength is > 0
            ? ProgressBar.ForTerminal(Path.GetFileName(flags.UploadFile ?? "upload"), message.Content.Headers.ContentLength, enabled: !flags.Silent)
            : null;
        if (message.Content is { } content && (upload is not null || speed is not null || flags.WriteOut is not null))
        {
            message.Content = new ProgressContent(content, n =>
            {
                upload?.Add(n);
                speed?.Add(n);
                info.Uploaded(n);
            });
        }

        (TlsFailureKind Kind, string Reason)? rejection = null;
        using var client = connection.CreateClient(flags, r => rejection = r);
        HttpResponseMessage response;
        try
        {
            response = await client.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            throw Failure(e, message.RequestUri!, rejection);
        }
        finally
        {
            upload?.Dispose(); // ends the bar's line before anything else is printed
        }

        using (response)
        {
            var head = CurlOutput.HeadLines(response);
            if (flags.Verbose)
            {
                head.ForEach(l => stderr.WriteLine($"< {l}"));
                stderr.WriteLine("< ");
            }

            if (flags.Include || flags.Head)
            {
                await output.WriteAsync(string.Concat(head.Select(l => l + "\r\n")) + "\r\n", cancellationToken).ConfigureAwait(false);
            }

            int status = (int)response.StatusCode;
            info.HttpCode = status;
            info.ContentType = response.Content.Headers.ContentType?.ToString();
            if (message.Method == HttpMethod.Head)
            {
                // no body
            }
            else if (status >= 400)
            {
                // Error bodies are small: read whole, to explain a SignatureDoesNotMatch.
                using var whole = new MemoryStream();
                await CopyBodyAsync(response, whole.WriteAsync, null, speed, cancellationToken).ConfigureAwait(false);
                byte[] body = whole.ToArray();
                if (!flags.Fail)
                {
                    info.Downloaded(body.Length);
                    await output.WriteAsync(RedactSecrets(body), cancellationToken).ConfigureAwait(false);
                }

                ExplainMismatch(flags, request, response, body, stderr);
            }
            else
            {
                string label = flags.Output is { } o && o != "-" ? Path.GetFileName(o) : "download";
                using var bar = flags.ProgressBar ? ProgressBar.ForTerminal(label, response.Content.Headers.ContentLength, enabled: !flags.Silent) : null;
                await CopyBodyAsync(response, output.WriteAsync, bar, speed, cancellationToken, info).ConfigureAwait(false);
            }

            if (status >= 400 && (flags.Fail || flags.FailWithBody))
            {
                throw new CurlFailure(ExitCodes.HttpError, $"The requested URL returned error: {status}");
            }
        }

        return ExitCodes.Ok;
    }

    /// <summary>Streams the body to <paramref name="write"/> (a <see cref="CurlOutput"/>'s or a buffer's; never held whole otherwise), counting for the bar and the speed check.</summary>
    private static async Task CopyBodyAsync(HttpResponseMessage response, Func<ReadOnlyMemory<byte>, CancellationToken, ValueTask> write, ProgressBar? bar, SpeedCheck? speed, CancellationToken cancellationToken, CurlTransferInfo? info = null)
    {
        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            byte[] buffer = ArrayPool<byte>.Shared.Rent(81920);
            try
            {
                int n;
                while ((n = await stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
                {
                    speed?.Add(n);
                    await write(buffer.AsMemory(0, n), cancellationToken).ConfigureAwait(false);
                    bar?.Add(n);
                    info?.Downloaded(n);
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }

    /// <summary>
    /// An error body with the run's secret key and session token (raw or URL-encoded) replaced by
    /// <c>[redacted]</c> (still well-formed XML or JSON): a server may quote the canonical request,
    /// token and all, in a SignatureDoesNotMatch answer. Bodies without them are returned byte for byte.
    /// </summary>
    private static byte[] RedactSecrets(byte[] body)
    {
        if (RunContext.Current is not { } run)
        {
            return body;
        }

        string text = Encoding.UTF8.GetString(body);
        string redacted = run.Redact(text, "[redacted]");
        return ReferenceEquals(text, redacted) || text == redacted ? body : Encoding.UTF8.GetBytes(redacted);
    }

    /// <summary>On SignatureDoesNotMatch: the S3 client's explanation, and with -v what sigv signed (stderr; not with -s unless -S).</summary>
    private static void ExplainMismatch(CurlFlags flags, CurlRequest request, HttpResponseMessage response, byte[] body, TextWriter stderr)
    {
        string text = Encoding.UTF8.GetString(body);
        if (!flags.ShowErrors || !request.IsSigned || !text.Contains("SignatureDoesNotMatch", StringComparison.Ordinal))
        {
            return;
        }

        var ours = request.Explain()!;
        string? requestId = response.Headers.TryGetValues("x-amz-request-id", out var ids) ? string.Join(",", ids) : null;
        // The server's text (its canonical request may echo the token) is redacted before it is compared and quoted.
        var error = Signing.S3.S3Exception.FromResponse(response.StatusCode, text, requestId, request.Message.Method.Method, request.Message.RequestUri!.AbsolutePath, ours, request.Credentials);
        stderr.WriteLine($"sigv: {CliText.Message(error)}");
        if (error.SignatureMismatchHint is null)
        {
            stderr.WriteLine(flags.Verbose
                ? "sigv: the server did not say what it signed: check the secret key, the region and the clock against what sigv signed:"
                : "sigv: the server did not say what it signed: check the secret key, the region and the clock (-v shows what sigv signed).");
        }

        if (flags.Verbose)
        {
            CliSigning.PrintExplanation(ours, request.Credentials, stderr);
        }
    }
}
