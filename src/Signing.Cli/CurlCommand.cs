using System.Buffers;
using System.Globalization;
using System.Net;
using System.Net.Security;
using System.Text;
using Signing.S3;

namespace Signing.Cli;

/// <summary>
/// <c>sigv curl</c>: sends the signed request and prints the response as curl does, taking curl's
/// flags unchanged, so the <c>curl --aws-sigv4</c> lines of S3 provider guides run as they are.
/// </summary>
internal static partial class CurlCommand
{
    public const string Help = """
        Usage: sigv curl [FLAGS] URL

        Sends the request signed with AWS SigV4 (SigV4a with --sigv4a, S3 SigV2 with --sigv2) and prints the response as
        curl does: the 'curl --aws-sigv4' lines of S3 provider guides run unchanged with 'sigv curl'
        in place of 'curl'. The path and query are sent and signed exactly as typed. For s3,
        x-amz-content-sha256 is always sent (curl leaves it out; Ceph RGW and Swift refuse requests
        without it). Unlike curl, -u never means Basic auth: it gives the access key and secret.

        Sent unsigned, as typed: a URL that is already signed (X-Amz-Signature in its query, or
        Signature with Expires: a presigned URL), even with --aws-sigv4/--user (then said on stderr);
        and any request when no credentials are found anywhere and no signing flag (--aws-sigv4,
        --user, --profile, --session-token, --sigv2, --sigv4a, --chunked, --unsigned-payload, --explain) asks
        for a signature, as curl sends it (-v says why). With a signing flag and no credentials: exit 3.

        Request
          -X, --request METHOD       method (default GET; POST with --data*, PUT with -T, HEAD with -I)
          -H, --header 'N: v'        a header to send and sign (repeatable); 'N:' sends no N, 'N;' an empty N;
                                     one line of printable ASCII (CR, LF and other controls refused)
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
          --sigv4a                   SigV4a (ECDSA P-256), valid in every region of --region-set (S3
                                     Multi-Region Access Points); --chunked signs chunks with it too
          --region-set REGIONS       SigV4a: regions separated by commas (default *, every region)
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
          -w, --write-out FORMAT     once the transfer is over (failed too), FORMAT to stdout with
                                     %{http_code} (000: no response; %{response_code} too),
                                     %{size_download}, %{size_upload}, %{time_total}, %{url_effective},
                                     %{content_type}, %% and \n \r \t; %{stderr} sends the rest to
                                     stderr; @FILE reads FORMAT from FILE (@-: stdin), as curl
        Connection
          --connect-timeout SECONDS  give up connecting after SECONDS (decimals allowed; 0: no limit)
          -m, --max-time SECONDS     give up the whole transfer after SECONDS (decimals allowed)
          -Y, --speed-limit BYTES    give up when less than BYTES a second moved over --speed-time
                                     (default 1 when only --speed-time is given), upload or download
          -y, --speed-time SECONDS   the window of --speed-limit (default 30 when only --speed-limit
                                     is given); both exit 28 'Operation too slow'
          --debug                    on an internal error, print its stack trace too
          --cacert FILE              trust the CA certificate(s) of PEM FILE instead of the system's (a
                                     private CA); host names are still checked; without
                                     --cacert/--capath/-k, CURL_CA_BUNDLE names FILE, as in curl
          --capath DIR               trust the PEM CA certificates in DIR too (several: DIR1:DIR2)
          -k, --insecure             accept any TLS certificate (untrusted, another host's, expired)
          --resolve HOST:PORT:ADDR   connect to ADDR (IP address; several: A1,A2) for HOST:PORT; HOST '*'
                                     matches any; the URL's name stays in Host, SNI and the certificate check
          --connect-to H1:P1:H2:P2   connect to H2:P2 for requests to H1:P1; empty H1 or P1 match any,
                                     empty H2 or P2 keep the request's (::127.0.0.1: sends every host to
                                     127.0.0.1); the name stays in Host, SNI and the certificate check
        Redirects are not followed (as curl without -L). Flags may be glued (-XPUT, --header=...) and
        one-letter switches clustered (-sS, -fsSo FILE).

        In the body of an HTTP error (400 or above) the secret key and session token, if the server
        quotes them, are shown as [redacted]; other bodies are written byte for byte.
        On SignatureDoesNotMatch, sigv says on stderr where the server's signed text differs from its
        own (when the server returns it; RGW does not), and with -v prints what it signed.

        Exit codes: 0 ok (also an HTTP error status without -f, as curl), 1 request failed, 2 usage
        error, 3 no credentials; as curl: 6 host not resolved, 7 could not connect, 22 HTTP error with
        -f, 23 could not write the output, 28 timed out or too slow, 35 TLS handshake failed, 60
        certificate refused (not trusted, another host's, expired), 77 --cacert/--capath unreadable;
        130 interrupted (SIGINT), 143 terminated (SIGTERM).

        Examples (each with --aws-sigv4 "aws:amz:us-east-1:s3" --user "$AK:$SK"):
          sigv curl -X PUT $EP/bucket                          create a bucket
          sigv curl "$EP/bucket?list-type=2&prefix=logs/"      list objects under logs/
          sigv curl -T report.pdf $EP/bucket/                  upload (key report.pdf)
          sigv curl -o report.pdf $EP/bucket/report.pdf        download
          sigv curl -X DELETE $EP/bucket/report.pdf            delete
          sigv curl --cacert ca.crt https://s3.example.com/bucket/report.pdf
                                                               a server with a private CA
          sigv curl --connect-to ::127.0.0.1: https://bucket.s3.test:17443/key
                                                               a virtual-host bucket without DNS
          sigv curl -s -o /dev/null -w '%{http_code}\n' -I $EP/bucket/report.pdf   exists? (200/404)
        With a presigned URL (no signing flags needed; sent as typed):
          sigv curl -X PUT -T report.pdf "$URL"                upload
          sigv curl -o report.pdf "$URL"                       download
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

        var interrupt = RunContext.Current?.Interrupt;
        using var armed = interrupt?.Arm();
        using var maxTime = new CancellationTokenSource();
        if (flags.MaxTime is { } limit)
        {
            maxTime.CancelAfter(limit);
        }

        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(maxTime.Token, interrupt?.Token ?? CancellationToken.None);
        var info = new CurlTransferInfo(flags.Signing.Url!);
        int code;
        var output = new CurlOutput(stdout, flags.Output);
        await using (output.ConfigureAwait(false))
        {
            try
            {
                var connection = CurlConnection.Load(flags);
                using var request = await CurlRequest.CreateAsync(flags, cancel.Token).ConfigureAwait(false);
                info.Url = request.Message.RequestUri!.OriginalString;
                code = await TransferAsync(flags, connection, request, output, stderr, info, cancel.Token).ConfigureAwait(false);
            }
            catch (CurlFailure e)
            {
                code = Report(flags, stderr, e.Code, e.Message);
            }
            catch (OperationCanceledException) when (interrupt?.IsRequested == true)
            {
                code = Report(flags, stderr, interrupt.ExitCode, $"interrupted by {interrupt.Name}");
            }
            catch (OperationCanceledException)
            {
                string why = maxTime.IsCancellationRequested
                    ? $"Operation timed out after {Seconds(flags.MaxTime)} s (--max-time)"
                    : $"Connection timed out after {Seconds(flags.ConnectTimeout)} s (--connect-timeout)";
                code = Report(flags, stderr, ExitCodes.TimedOut, why);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or HttpRequestException)
            {
                code = Report(flags, stderr, ExitCodes.RequestFailed, $"the request failed: {Innermost(e)}");
            }
        }

        if (flags.WriteOut is { } format)
        {
            // As curl: written once the transfer is over, whatever its outcome (000 when no response came).
            info.Stop();
            await WriteOutAsync(flags, format, info, stdout, stderr).ConfigureAwait(false);
        }

        return code;
    }

    private static async Task WriteOutAsync(CurlFlags flags, string format, CurlTransferInfo info, Stream stdout, TextWriter stderr)
    {
        var bytes = new List<byte>();
        CurlWriteOut.Write(format, info, text => bytes.AddRange(Encoding.UTF8.GetBytes(text)), stderr.Write, warning =>
        {
            if (flags.ShowErrors)
            {
                stderr.WriteLine($"sigv: {warning}");
            }
        });
        try
        {
            await stdout.WriteAsync(bytes.ToArray()).ConfigureAwait(false);
            await stdout.FlushAsync().ConfigureAwait(false);
        }
        catch (IOException)
        {
            // Standard output closed early: nothing more to say.
        }
    }

    /// <summary>curl's exit code and message for a request that got no response.</summary>
    private static CurlFailure Failure(HttpRequestException e, Uri uri, (TlsFailureKind Kind, string Reason)? rejection)
    {
        string where = $"{uri.Host} port {uri.Port.ToString(CultureInfo.InvariantCulture)}";
        return e.HttpRequestError switch
        {
            HttpRequestError.NameResolutionError => new CurlFailure(ExitCodes.CouldNotResolveHost, $"Could not resolve host: {uri.Host}"),
            HttpRequestError.ConnectionError => new CurlFailure(ExitCodes.CouldNotConnect, $"Failed to connect to {where}: {Innermost(e)}"),
            HttpRequestError.SecureConnectionError when rejection is { } r => new CurlFailure(ExitCodes.UntrustedCertificate, Refused(uri.Host, r.Kind, r.Reason)),
            HttpRequestError.SecureConnectionError => new CurlFailure(ExitCodes.TlsHandshakeFailed, $"TLS handshake with {where} failed: {Innermost(e).TrimEnd('.')}; check that the server speaks HTTPS on this port (http:// for a plain HTTP port)"),
            _ => new CurlFailure(ExitCodes.RequestFailed, $"the request to {where} failed: {Innermost(e)}"),
        };
    }

    /// <summary>curl's 60, with the reason and the fix.</summary>
    private static string Refused(string host, TlsFailureKind kind, string reason) => kind switch
    {
        TlsFailureKind.NameMismatch => $"SSL: the certificate of {host} is not for this host name: {reason}; use a name it holds in the URL (--connect-to or --resolve connect elsewhere while keeping the name), or -k/--insecure to skip the check",
        TlsFailureKind.Expired => $"SSL certificate problem: the certificate of {host} is refused: {reason}; renew it or check this machine's clock, or -k/--insecure to skip the check",
        _ => $"SSL certificate problem: the certificate of {host} is not trusted: {reason}; pass --cacert FILE with the CA that signed it, or -k/--insecure to skip the check",
    };

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
