namespace Signing.Cli;

/// <summary><c>sigv presign</c>: prints a presigned S3 URL (GET, PUT, DELETE or HEAD; SigV4 or SigV2).</summary>
internal static class PresignCommand
{
    public const string Help = """
        Usage: sigv presign [--method GET|PUT|DELETE|HEAD] URL [--expires SECONDS]
                            [--content-type TYPE] [--sigv2] [--region REGION]
                            [--sigv4a [--region-set REGIONS]]
                            [--user ACCESS_KEY:SECRET_KEY] [--session-token TOKEN] [--profile NAME]

        Prints a presigned URL, valid for --expires seconds (default 3600, at most 604800).
        A PUT URL bound to --content-type (PUT only) is refused by the server for any other
        Content-Type.
        Region: --region, else AWS_REGION / AWS_DEFAULT_REGION / the profile's, else us-east-1.
        --sigv4a signs with SigV4a (ECDSA P-256) instead, valid in every region of --region-set
        (regions separated by commas, such as us-east-1,us-west-2; default *, every region), as
        S3 Multi-Region Access Points need; --region is then not used.
        The URL is signed as typed (path-style https://host/bucket/key or virtual-host
        https://bucket.host/key).
        Advanced, as in sign: --no-normalize-path, --normalize-path, --single-encode-path,
          --double-encode-path, --sign-content-sha256, --omit-session-token

        Examples:
          sigv presign https://examplebucket.s3.amazonaws.com/report.pdf --expires 600
          sigv presign --method PUT --content-type image/png https://s3.example.com/bucket/cat.png
          sigv presign --sigv2 https://ecs.example.com/bucket/key
          sigv presign --sigv4a https://mfzwi23gnjvgw.mrap.accesspoint.s3-global.amazonaws.com/report.pdf
        """;

    public static int Run(string[] args, TextWriter stdout)
    {
        var flags = new SigningFlags { Service = "s3" };
        string method = "GET";
        string? contentType = null;
        var reader = new ArgReader(args);
        while (reader.More)
        {
            string arg = reader.Next();
            switch (ArgReader.FlagName(arg))
            {
                case "-h":
                case "--help":
                    stdout.WriteLine(Help);
                    return ExitCodes.Ok;
                case "--method":
                    method = Method("--method", reader.Value("--method", arg));
                    continue;
                case "--content-type":
                    string type = reader.Value("--content-type", arg);
                    contentType = CliText.HeaderValue("--content-type", type, "Content-Type", CliText.Text("--content-type", type, "pass a media type such as image/png."));
                    continue;
                case "--region":
                    flags.Region = CliText.ScopePart("--region", reader.Value("--region", arg), "region", "us-east-1");
                    continue;
            }

            if (flags.TryTake(arg, reader))
            {
                continue;
            }

            UsageException.ThrowIf(arg.StartsWith('-'), $"presign: unknown flag {CliText.Show(ArgReader.FlagName(arg))}; see 'sigv presign --help'.");

            flags.Url = flags.Url is null ? arg : throw new UsageException($"presign: a second URL {CliText.Show(arg)}; pass one URL.");
        }

        flags.CheckVersion("presign");
        if (flags.Method.Length > 0)
        {
            method = Method("-X", flags.Method); // curl's -X, as --method (it was taken and ignored: the URL came out signed for GET)
        }

        // Flags of sign and curl that a presigned URL cannot carry: refused, not silently dropped.
        UsageException.ThrowIf(flags.Headers.Count > 0 || flags.RemovedHeaders.Count > 0, "presign: -H is not used: a presigned URL binds only Host and, with --content-type, Content-Type; use 'sigv sign --presign -H ...' to bind other headers.");
        UsageException.ThrowIf(flags.Body is not null, "presign: --data is not used: a presigned URL carries no body; presign a PUT and send the body with it (curl -T FILE URL).");
        UsageException.ThrowIf(flags.Explain, "presign: --explain is not used; 'sigv sign --presign --explain URL' prints the canonical request and string to sign.");
        var url = RawUrl.Parse(flags.Url ?? throw new UsageException("presign: no URL; see 'sigv presign --help'."), toSend: false);
        UsageException.ThrowIf(contentType is not null && method != "PUT", $"presign: --content-type binds the Content-Type of an upload: use it with --method PUT (a {method} sends no body).");

        var credentials = CliCredentials.Resolve(flags);
        var date = flags.Date ?? DateTimeOffset.UtcNow;
        HttpHeader[] headers = contentType is null ? [new("Host", url.Host)] : [new("Host", url.Host), new("Content-Type", contentType)];
        var view = new HttpRequestView(method, url.Path, url.Query, headers);
        var expires = TimeSpan.FromSeconds(flags.ExpiresSeconds);
        if (flags.SigV2)
        {
            var v2 = new SigV2Signer(credentials);
            stdout.WriteLine(url.Origin + v2.PresignTarget(view, expires, date, flags.Bucket ?? SignCommand.GuessBucket(url.Host)));
            return ExitCodes.Ok;
        }

        if (flags.SigV4a)
        {
            var v4a = CliSigning.V4aSigner(flags, credentials, flags.Service ?? "s3");
            stdout.WriteLine(url.Origin + v4a.PresignTarget(view, expires, date));
            return ExitCodes.Ok;
        }

        string region = flags.Region ?? AwsCredentialChain.ResolveRegion(flags.Profile) ?? "us-east-1";
        var signer = CliSigning.V4Signer(flags, credentials, region, flags.Service ?? "s3");
        stdout.WriteLine(url.Origin + signer.PresignTarget(view, expires, date));
        return ExitCodes.Ok;
    }

    /// <summary>The method a presigned URL can be for, from --method or -X (any case).</summary>
    /// <exception cref="UsageException">Not GET, PUT, DELETE or HEAD.</exception>
    private static string Method(string flag, string given)
    {
        string method = given.ToUpperInvariant();
        UsageException.ThrowIf(method is not ("GET" or "PUT" or "DELETE" or "HEAD"), $"{flag} {CliText.Show(given)}: use GET, PUT, DELETE or HEAD.");
        return method;
    }
}
