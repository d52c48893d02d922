using System.Buffers;
using System.Globalization;
using System.Net;
using System.Net.Security;
using System.Text;
using Signing.S3.Internal;

namespace Signing.Cli;

/// <summary>
/// <c>sigv curl</c>: sends the signed request and prints the response as curl does, taking curl's
/// flags unchanged, so the <c>curl --aws-sigv4</c> lines of S3 provider guides run as they are.
/// </summary>
internal static class CurlCommand
{
    public const string Help = """
        Usage: sigv curl [FLAGS] URL

        Sends the request signed with AWS SigV4 (or S3 SigV2 with --sigv2) and prints the response as
        curl does: the 'curl --aws-sigv4' lines of S3 provider guides run unchanged with 'sigv curl'
        in place of 'curl'. The path and query are sent and signed exactly as typed. For s3,
        x-amz-content-sha256 is always sent (curl leaves it out; Ceph RGW and Swift refuse requests
        without it). Unlike curl, -u never means Basic auth: the request is always signed.

        Request
          -X, --request METHOD       method (default GET; POST with --data*, PUT with -T, HEAD with -I)
          -H, --header 'N: v'        a header to send and sign (repeatable); 'N:' sends no N, 'N;' an empty N
          -d, --data DATA|@FILE      a form body (Content-Type application/x-www-form-urlencoded unless -H
                                     sets one); @FILE or @- (stdin) is read with CR and LF removed;
                                     several are joined with '&'
          --data-binary DATA|@FILE   the same, the file sent byte for byte
          --data-raw DATA            the same, '@' not special
          -T, --upload-file FILE     PUT FILE, hashed in one pass then streamed; '-' reads stdin (into
                                     memory); a URL ending in '/' gets the file's name appended
          --url URL                  the URL (or give it as an argument)
        Signing
          --aws-sigv4 aws:amz:REGION:SERVICE
                                     as curl takes it; without it: service s3, region from AWS_REGION,
                                     AWS_DEFAULT_REGION or the profile, else us-east-1
          -u, --user AK:SK           access key and secret; default: AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY
                                     (and AWS_SESSION_TOKEN), then ~/.aws/credentials and ~/.aws/config
          --session-token TOKEN      session token of temporary credentials (sent, never printed)
          --profile NAME             profile of ~/.aws/credentials and ~/.aws/config
          --sigv2                    S3 Signature Version 2 (HMAC-SHA1)
          --bucket NAME              SigV2: the bucket named by a virtual-host URL's host
          --unsigned-payload         sign UNSIGNED-PAYLOAD instead of the body's hash (SigV4)
          --chunked                  send the body aws-chunked, each chunk signed (SigV4 streaming)
          --explain                  print the canonical request and string to sign on stderr
        Response
          -o, --output FILE          the body to FILE (created on the first byte), not stdout
          -i, --include              the status line and headers before the body
          -I, --head                 send HEAD; print the status line and headers
          -f, --fail                 on HTTP 400 or above: no body, exit 22
          --fail-with-body           on HTTP 400 or above: the body, then exit 22
          -s, --silent               no error messages, no progress bar
          -S, --show-error           error messages even with -s
          -v, --verbose              request ('> ') and response ('< ') headers on stderr; the session
                                     token shown as <redacted>
          -#, --progress-bar         a progress bar on stderr, when it is a terminal
        Connection
          --connect-timeout SECONDS  give up connecting after SECONDS (decimals allowed; 0: no limit)
          -m, --max-time SECONDS     give up the whole transfer after SECONDS (decimals allowed)
          -k, --insecure             accept any TLS certificate
        Redirects are not followed (as curl without -L). Flags may be glued (-XPUT, --header=...) and
        one-letter switches clustered (-sS, -fsSo FILE).

        On SignatureDoesNotMatch, sigv says on stderr where the server's signed text differs from its
        own (when the server returns it; RGW does not), and with -v prints what it signed.

        Exit codes: 0 ok (also an HTTP error status without -f, as curl), 1 request failed, 2 usage
        error, 3 no credentials; as curl: 6 host not resolved, 7 could not connect, 22 HTTP error with
        -f, 23 could not write the output, 28 timed out, 35 TLS handshake failed, 60 certificate not
        trusted.

        Examples (each with --aws-sigv4 "aws:amz:us-east-1:s3" --user "$AK:$SK"):
          sigv curl -X PUT $EP/bucket                          create a bucket
          sigv curl "$EP/bucket?list-type=2&prefix=logs/"      list objects under logs/
          sigv curl -T report.pdf $EP/bucket/                  upload (key report.pdf)
          sigv curl -o report.pdf $EP/bucket/report.pdf        download
          sigv curl -X DELETE $EP/bucket/report.pdf            delete
        """;

    public static int Run(string[] args, Stream stdout, TextWriter stderr, Stream stdin) =>
        RunAsync(args, stdout, stderr, () => stdin).GetAwaiter().GetResult();

    /// <summary>Runs <c>sigv curl</c>; usage and credential errors are thrown for <see cref="Sigv"/> to report.</summary>
    public static async Task<int> RunAsync(IReadOnlyList<string> args, Stream stdout, TextWriter stderr, Func<Stream> openStdin)
    {
        var flags = CurlFlags.Parse(args, openStdin);
        if (flags.Help)
        {
            await stdout.WriteAsync(Encoding.UTF8.GetBytes(Help + Environment.NewLine)).ConfigureAwait(false);
            await stdout.FlushAsync().ConfigureAwait(false);
            return ExitCodes.Ok;
        }

        using var maxTime = new CancellationTokenSource();
        if (flags.MaxTime is { } limit)
        {
            maxTime.CancelAfter(limit);
        }

        var output = new CurlOutput(stdout, flags.Output);
        await using (output.ConfigureAwait(false))
        {
            try
            {
                using var request = await CurlRequest.CreateAsync(flags, maxTime.Token).ConfigureAwait(false);
                return await TransferAsync(flags, request, output, stderr, maxTime.Token).ConfigureAwait(false);
            }
            catch (CurlFailure e)
            {
                return Report(flags, stderr, e.Code, e.Message);
            }
            catch (OperationCanceledException)
            {
                string why = maxTime.IsCancellationRequested
                    ? $"Operation timed out after {Seconds(flags.MaxTime)} s (--max-time)"
                    : $"Connection timed out after {Seconds(flags.ConnectTimeout)} s (--connect-timeout)";
                return Report(flags, stderr, ExitCodes.TimedOut, why);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or HttpRequestException)
            {
                return Report(flags, stderr, ExitCodes.RequestFailed, $"the request failed: {Innermost(e)}");
            }
        }
    }

    private static async Task<int> TransferAsync(CurlFlags flags, CurlRequest request, CurlOutput output, TextWriter stderr, CancellationToken cancellationToken)
    {
        var message = request.Message;
        if (flags.Signing.Explain)
        {
            CliSigning.PrintExplanation(request.Explain(), request.Credentials, stderr);
        }

        if (flags.Verbose)
        {
            stderr.WriteLine($"* Signed with {request.SignedWith}, access key {request.Credentials.AccessKeyId} (credentials: {request.Credentials.Source})");
            request.Notes.ForEach(n => stderr.WriteLine($"* {n}"));
            CurlOutput.RequestLines(message).ForEach(l => stderr.WriteLine($"> {l}"));
            stderr.WriteLine("> ");
        }

        using var upload = flags.ProgressBar && message.Content?.Headers.ContentLength is > 0
            ? ProgressBar.ForTerminal(Path.GetFileName(flags.UploadFile ?? "upload"), message.Content.Headers.ContentLength, enabled: !flags.Silent)
            : null;
        if (upload is not null)
        {
            message.Content = new ProgressContent(message.Content!, upload);
        }

        bool certificateRejected = false;
        using var client = CreateClient(flags, () => certificateRejected = true);
        HttpResponseMessage response;
        try
        {
            response = await client.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            throw Failure(e, message.RequestUri!, certificateRejected);
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
            if (message.Method == HttpMethod.Head)
            {
                // no body
            }
            else if (status >= 400)
            {
                // Error bodies are small: read whole, to explain a SignatureDoesNotMatch.
                byte[] body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
                if (!flags.Fail)
                {
                    await output.WriteAsync(body, cancellationToken).ConfigureAwait(false);
                }

                ExplainMismatch(flags, request, response, body, stderr);
            }
            else
            {
                await CopyBodyAsync(flags, response, output, cancellationToken).ConfigureAwait(false);
            }

            if (status >= 400 && (flags.Fail || flags.FailWithBody))
            {
                throw new CurlFailure(ExitCodes.HttpError, $"The requested URL returned error: {status}");
            }
        }

        return ExitCodes.Ok;
    }

    /// <summary>Streams the body to the output (never held whole), with a progress bar when asked.</summary>
    private static async Task CopyBodyAsync(CurlFlags flags, HttpResponseMessage response, CurlOutput output, CancellationToken cancellationToken)
    {
        string label = flags.Output is { } o && o != "-" ? Path.GetFileName(o) : "download";
        using var bar = flags.ProgressBar ? ProgressBar.ForTerminal(label, response.Content.Headers.ContentLength, enabled: !flags.Silent) : null;
        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            byte[] buffer = ArrayPool<byte>.Shared.Rent(81920);
            try
            {
                int n;
                while ((n = await stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
                {
                    await output.WriteAsync(buffer.AsMemory(0, n), cancellationToken).ConfigureAwait(false);
                    bar?.Add(n);
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }

    /// <summary>On SignatureDoesNotMatch: the S3 client's explanation, and with -v what sigv signed (stderr; not with -s unless -S).</summary>
    private static void ExplainMismatch(CurlFlags flags, CurlRequest request, HttpResponseMessage response, byte[] body, TextWriter stderr)
    {
        string text = Encoding.UTF8.GetString(body);
        if (!flags.ShowErrors || !text.Contains("SignatureDoesNotMatch", StringComparison.Ordinal))
        {
            return;
        }

        var ours = request.Explain();
        string? requestId = response.Headers.TryGetValues("x-amz-request-id", out var ids) ? string.Join(",", ids) : null;
        var error = S3Errors.Create(response.StatusCode, text, requestId, request.Message.Method.Method, request.Message.RequestUri!.AbsolutePath, null, ours);
        stderr.WriteLine($"sigv: {error.Message.ReplaceLineEndings(" ")}");
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

    private static HttpClient CreateClient(CurlFlags flags, Action certificateRejected)
    {
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            UseCookies = false,
            SslOptions = new SslClientAuthenticationOptions
            {
                // -k accepts any certificate, as curl's --insecure; otherwise the system's verdict
                // stands, and a rejection is reported as curl's 60.
                RemoteCertificateValidationCallback = (_, _, _, errors) =>
                {
                    if (flags.Insecure || errors == SslPolicyErrors.None)
                    {
                        return true;
                    }

                    certificateRejected();
                    return false;
                },
            },
        };
        if (flags.ConnectTimeout is { } connect)
        {
            handler.ConnectTimeout = connect;
        }

        return new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
    }

    /// <summary>curl's exit code and message for a request that got no response.</summary>
    private static CurlFailure Failure(HttpRequestException e, Uri uri, bool certificateRejected)
    {
        string where = $"{uri.Host} port {uri.Port.ToString(CultureInfo.InvariantCulture)}";
        return e.HttpRequestError switch
        {
            HttpRequestError.NameResolutionError => new CurlFailure(ExitCodes.CouldNotResolveHost, $"Could not resolve host: {uri.Host}"),
            HttpRequestError.ConnectionError => new CurlFailure(ExitCodes.CouldNotConnect, $"Failed to connect to {where}: {Innermost(e)}"),
            HttpRequestError.SecureConnectionError when certificateRejected => new CurlFailure(ExitCodes.UntrustedCertificate, $"the TLS certificate of {uri.Host} is not trusted: {Innermost(e)} (-k/--insecure skips the check)"),
            HttpRequestError.SecureConnectionError => new CurlFailure(ExitCodes.TlsHandshakeFailed, $"TLS handshake with {where} failed: {Innermost(e)}"),
            _ => new CurlFailure(ExitCodes.RequestFailed, $"the request to {where} failed: {Innermost(e)}"),
        };
    }

    private static int Report(CurlFlags flags, TextWriter stderr, int code, string message)
    {
        if (flags.ShowErrors)
        {
            stderr.WriteLine($"sigv: ({code.ToString(CultureInfo.InvariantCulture)}) {message.ReplaceLineEndings(" ")}");
        }

        return code;
    }

    private static string Innermost(Exception e)
    {
        while (e.InnerException is not null)
        {
            e = e.InnerException;
        }

        return e.Message;
    }

    private static string Seconds(TimeSpan? t) => (t?.TotalSeconds ?? 0).ToString("0.###", CultureInfo.InvariantCulture);
}
