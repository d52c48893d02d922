using System.Security.Cryptography;

namespace Signing.Cli;

/// <summary>
/// <c>sigv sign</c>: prints the headers of the signed request (or, with --presign, the URL).
/// It signs exactly <c>host</c>, the headers it adds (<c>x-amz-date</c>; for s3
/// <c>x-amz-content-sha256</c>; <c>x-amz-security-token</c>) and every -H header.
/// </summary>
internal static class SignCommand
{
    public const string Help = """
        Usage: sigv sign [-X METHOD] URL [-H 'Name: value']... [--data-binary @FILE|TEXT]
                         --aws-sigv4 aws:amz:REGION:SERVICE [--user ACCESS_KEY:SECRET_KEY]
                         [--session-token TOKEN] [--profile NAME] [--date 20150830T123600Z]
                         [--presign [--expires SECONDS]] [--sigv2 [--bucket NAME]]
                         [--sigv4a [--region-set REGIONS]] [--unsigned-payload] [--explain]

        Signs a request with AWS SigV4 (SigV4a with --sigv4a, S3 SigV2 with --sigv2) and prints the headers of the
        signed request, one 'Name: value' per line, Authorization among them; with --presign,
        prints the presigned URL alone. The URL's path and query are signed exactly as typed.

          -X, --request METHOD     HTTP method (default GET, or POST with --data*)
          -H, --header 'N: v'      a header to send and sign (repeatable)
          --data-binary @FILE|TXT  the body, hashed into the signature (-d, --data, --data-raw too)
          --aws-sigv4 PROVIDER     aws:amz:REGION:SERVICE, as curl takes it
          -u, --user AK:SK         access key and secret (split at the last ':'); default: the
                                   environment (AWS_ACCESS_KEY_ID, ...) then ~/.aws files
          --session-token TOKEN    session token of temporary credentials
          --profile NAME           profile of ~/.aws/credentials and ~/.aws/config
          --date TIME              signing time, 20150830T123600Z (default now)
          --presign                print a presigned URL instead of headers
          --expires SECONDS        presigned URL lifetime, 1 to 604800 (default 3600)
          --sigv2                  S3 Signature Version 2 (HMAC-SHA1); Date from --date unless -H Date
          --bucket NAME            SigV2: the bucket named by the host (guessed for *.s3*.amazonaws.com)
          --sigv4a                 SigV4a (ECDSA P-256): valid in every region of --region-set (S3
                                   Multi-Region Access Points); the REGION of --aws-sigv4 is not used
          --region-set REGIONS     SigV4a: regions separated by commas, such as us-east-1,us-west-2
                                   (default *, every region); sent as X-Amz-Region-Set
          --unsigned-payload       sign UNSIGNED-PAYLOAD instead of the body's hash
          --explain                also print the canonical request and string to sign (to stderr;
                                   the session token shown as <redacted>)
        Advanced (the AWS SigV4 test suite's switches): --no-normalize-path, --normalize-path,
          --single-encode-path, --double-encode-path, --sign-content-sha256, --omit-session-token

        Examples:
          sigv sign https://examplebucket.s3.amazonaws.com/test.txt --aws-sigv4 aws:amz:us-east-1:s3 --user "$AK:$SK"
          sigv sign --presign --expires 86400 https://examplebucket.s3.amazonaws.com/test.txt --aws-sigv4 aws:amz:us-east-1:s3
          sigv sign -X PUT -H 'Content-Type: text/plain' --data-binary @file.txt --sigv2 https://host/bucket/key
          sigv sign --sigv4a --region-set us-east-1,us-west-2 https://mfzwi23gnjvgw.mrap.accesspoint.s3-global.amazonaws.com/key --aws-sigv4 aws:amz:us-east-1:s3
        """;

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        var flags = new SigningFlags();
        var reader = new ArgReader(args);
        while (reader.More)
        {
            string arg = reader.Next();
            if (arg is "-h" or "--help")
            {
                stdout.WriteLine(Help);
                return ExitCodes.Ok;
            }

            if (flags.TryTake(arg, reader))
            {
                continue;
            }

            UsageException.ThrowIf(arg.StartsWith('-'), $"sign: unknown flag {CliText.Show(ArgReader.FlagName(arg))}; see 'sigv sign --help'.");

            UsageException.ThrowIf(flags.Url is not null, $"sign: a second URL {CliText.Show(arg)}; pass one URL.");

            flags.Url = arg;
        }

        flags.CheckVersion("sign");
        var url = RawUrl.Parse(flags.Url ?? throw new UsageException("sign: no URL; see 'sigv sign --help'."), toSend: false);
        string method = flags.Method.Length > 0 ? flags.Method : flags.Body is null ? "GET" : "POST";
        var credentials = CliCredentials.Resolve(flags);
        var date = flags.Date ?? DateTimeOffset.UtcNow;
        var headers = WithHost(flags.Headers, url);
        var view = new HttpRequestView(method, url.Path, url.Query, headers.ToArray());
        return flags.SigV2
            ? SignV2(flags, url, credentials, view, headers, date, stdout, stderr)
            : SignV4(flags, url, credentials, view, headers, date, stdout, stderr);
    }

    private static int SignV4(SigningFlags flags, RawUrl url, AwsCredentials credentials, HttpRequestView view, List<HttpHeader> headers, DateTimeOffset date, TextWriter stdout, TextWriter stderr)
    {
        string? region = flags.SigV4a ? null : flags.Region ?? throw new UsageException("sign: no region: pass --aws-sigv4 aws:amz:REGION:SERVICE.");
        string service = flags.Service ?? throw new UsageException("sign: no service: pass --aws-sigv4 aws:amz:REGION:SERVICE.");
        var signer = region is null ? null : CliSigning.V4Signer(flags, credentials, region, service);
        var v4a = region is null ? CliSigning.V4aSigner(flags, credentials, service) : null;
        var options = signer?.Options ?? v4a!.Options;
        string? givenHash = headers.FirstOrDefault(h => h.Name.Equals("x-amz-content-sha256", StringComparison.OrdinalIgnoreCase)).Value;
        string payloadHash = givenHash is not null ? givenHash.Trim()
            : flags.UnsignedPayload ? "UNSIGNED-PAYLOAD"
            : flags.Body is null ? (flags.Presign && options.ContentSha256Header == ContentSha256Header.Include ? string.Empty : Convert.ToHexString(SHA256.HashData([])).ToLowerInvariant())
            : Convert.ToHexString(SHA256.HashData(flags.Body)).ToLowerInvariant();
        view = view with { PayloadHash = payloadHash };
        var expires = TimeSpan.FromSeconds(flags.ExpiresSeconds);
        var location = flags.Presign ? SignatureLocation.Query : SignatureLocation.Header;
        if (flags.Explain)
        {
            CliSigning.PrintExplanation(signer is not null ? signer.Explain(view, date, location, expires) : v4a!.Explain(view, date, location, expires), credentials, stderr);
        }

        if (flags.Presign)
        {
            stdout.WriteLine(url.Origin + (signer is not null ? signer.PresignTarget(view, expires, date) : v4a!.PresignTarget(view, expires, date)));
            return ExitCodes.Ok;
        }

        var signed = signer is not null ? signer.Sign(view, date) : v4a!.Sign(view, date);
        PrintHeaders(headers, signed, stdout);
        return ExitCodes.Ok;
    }

    private static int SignV2(SigningFlags flags, RawUrl url, AwsCredentials credentials, HttpRequestView view, List<HttpHeader> headers, DateTimeOffset date, TextWriter stdout, TextWriter stderr)
    {
        var signer = new SigV2Signer(credentials);
        string? bucket = flags.Bucket ?? GuessBucket(url.Host);
        if (flags.Presign)
        {
            var expires = TimeSpan.FromSeconds(flags.ExpiresSeconds);
            if (flags.Explain)
            {
                CliSigning.PrintExplanation(signer.Explain(view, date, SignatureLocation.Query, expires, bucket), credentials, stderr);
            }

            stdout.WriteLine(url.Origin + signer.PresignTarget(view, expires, date, bucket));
            return ExitCodes.Ok;
        }

        if (flags.Explain)
        {
            CliSigning.PrintExplanation(signer.Explain(view, date, bucket: bucket), credentials, stderr);
        }

        PrintHeaders(headers, signer.Sign(view, date, bucket), stdout);
        return ExitCodes.Ok;
    }

    /// <summary>The bucket of a virtual-hosted AWS S3 host, such as <c>johnsmith</c> of <c>johnsmith.s3.amazonaws.com</c>.</summary>
    internal static string? GuessBucket(string host)
    {
        string name = host.Split(':')[0];
        int s3 = name.IndexOf(".s3.", StringComparison.Ordinal);
        if (s3 < 0)
        {
            s3 = name.IndexOf(".s3-", StringComparison.Ordinal);
        }

        return s3 > 0 && name.EndsWith(".amazonaws.com", StringComparison.Ordinal) ? name[..s3] : null;
    }

    /// <summary>The -H headers, after a Host header for the URL unless one was given.</summary>
    private static List<HttpHeader> WithHost(List<HttpHeader> given, RawUrl url) =>
        given.Any(h => h.Name.Equals("Host", StringComparison.OrdinalIgnoreCase)) ? [.. given] : [new HttpHeader("Host", url.Host), .. given];

    private static void PrintHeaders(List<HttpHeader> headers, SignedRequest signed, TextWriter stdout)
    {
        foreach (var h in headers.Where(h => !signed.Headers.Any(s => s.Name.Equals(h.Name, StringComparison.OrdinalIgnoreCase))))
        {
            stdout.WriteLine($"{h.Name}: {h.Value}");
        }

        foreach (var h in signed.Headers.OrderBy(h => h.Name == "Authorization" ? 1 : 0))
        {
            stdout.WriteLine($"{h.Name}: {h.Value}");
        }
    }
}
