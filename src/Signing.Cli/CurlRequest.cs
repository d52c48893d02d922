using System.Net.Http.Headers;
using System.Security.Cryptography;

namespace Signing.Cli;

/// <summary>
/// The request of <c>sigv curl</c>: built from the flags as curl builds it (method, URL as typed,
/// default and -H headers, the --data* or -T body) and signed as the S3 client signs, over the
/// headers that go on the wire: SigV4 (with <c>x-amz-content-sha256</c> always sent for s3) or S3 SigV2.
/// </summary>
internal sealed class CurlRequest(HttpRequestMessage message, AwsCredentials? credentials) : IDisposable
{
    /// <summary>curl sends the path and query as typed: no dot-segment removal, no re-escaping.</summary>
    private static readonly UriCreationOptions AsTyped = new() { DangerousDisablePathAndQueryCanonicalization = true };

    private readonly List<IDisposable> _disposables = [message];
    private Func<SigningExplanation>? _explain;

    public HttpRequestMessage Message { get; } = message;

    /// <summary>The credentials it is signed with; null when it is sent unsigned.</summary>
    public AwsCredentials? Credentials { get; } = credentials;

    /// <summary>Whether it is signed (else sent as typed: a presigned URL, or no credentials anywhere).</summary>
    [System.Diagnostics.CodeAnalysis.MemberNotNullWhen(true, nameof(Credentials))]
    public bool IsSigned => Credentials is not null && _explain is not null;

    /// <summary>How it was signed, for -v, such as <c>AWS4-HMAC-SHA256 us-east-1/s3</c>.</summary>
    public string SignedWith { get; private set; } = string.Empty;

    /// <summary>Why it is sent unsigned, for -v; null when it is signed.</summary>
    public string? UnsignedBecause { get; private set; }

    /// <summary>Remarks for -v, such as an empty body sent without --chunked.</summary>
    public List<string> Notes { get; } = [];

    /// <summary>Remarks for standard error even without -v (not with -s), such as signing flags ignored for a presigned URL.</summary>
    public List<string> Warnings { get; } = [];

    /// <summary>The length of the body sent, when there is one.</summary>
    public long? BodyLength { get; private set; }

    /// <summary>Builds and signs the request (hashing a -T file in one pass first; the file is sent later as a stream).</summary>
    public static async Task<CurlRequest> CreateAsync(CurlFlags flags, CancellationToken cancellationToken)
    {
        var f = flags.Signing;
        var url = RawUrl.Parse(f.Url!);
        if (flags.UploadFile is { } file && file != "-" && url.Path.EndsWith('/'))
        {
            // As curl does: a URL ending in '/' (or without a path) gets the file's name, encoded.
            url = url with { Path = url.Path + Uri.EscapeDataString(Path.GetFileName(file)) };
        }

        string method = f.Method.Length > 0 ? f.Method
            : flags.Head ? "HEAD"
            : flags.UploadFile is not null ? "PUT"
            : f.Body is not null ? "POST"
            : "GET";
        string? presignedBy = RawUrl.PresignedBy(url.Query);
        UsageException.ThrowIf(presignedBy is not null && flags.Chunked, $"curl: --chunked signs every chunk, but the URL is already signed ({presignedBy} in its query) and is sent unsigned: drop --chunked.");

        var credentials = presignedBy is not null ? null
            : flags.AsksToSign ? CliCredentials.Resolve(f)
            : CliCredentials.TryResolve(f);
        string target = url.Origin + url.Path + (url.Query.Length > 0 ? "?" + url.Query : string.Empty);
        UsageException.ThrowIf(!Uri.TryCreate(target, in AsTyped, out var uri), $"URL {CliText.Show(target)} is not a valid URL.");

        var request = new CurlRequest(new HttpRequestMessage(new HttpMethod(method), uri), credentials);
        try
        {
            var payload = await request.SetBodyAsync(flags, cancellationToken).ConfigureAwait(false);
            request.SetHeaders(f, url);
            if (presignedBy is not null)
            {
                request.UnsignedBecause = $"the URL is already signed ({presignedBy} in its query): sent as typed, unsigned";
                if (flags.AsksToSign)
                {
                    request.Warnings.Add($"the URL is already signed ({presignedBy} in its query): sent as typed, unsigned; the signing flags (--aws-sigv4, --user, ...) are ignored.");
                }
            }
            else if (credentials is null)
            {
                request.UnsignedBecause = "no credentials found (no --user, no AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, no keys in ~/.aws/credentials or ~/.aws/config): sent unsigned, as curl sends it";
            }
            else
            {
                await request.SignAsync(flags, payload, cancellationToken).ConfigureAwait(false);
            }

            return request;
        }
        catch
        {
            request.Dispose();
            throw;
        }
    }

    /// <summary>Our canonical request and string to sign (no secret in them), to explain a SignatureDoesNotMatch answer.</summary>
    public SigningExplanation? Explain() => _explain?.Invoke();

    public void Dispose()
    {
        foreach (var d in _disposables)
        {
            d.Dispose();
        }

        _disposables.Clear();
    }

    /// <summary>Sets the --data* or -T body; returns the payload to sign it with (a file is hashed here, in one pass, and streamed when sent).</summary>
    private async Task<Payload> SetBodyAsync(CurlFlags flags, CancellationToken cancellationToken)
    {
        HttpContent? content = null;
        Payload payload = Payload.HashBody; // bytes in memory: hashed by the signer in place
        if (flags.Signing.Body is { } data)
        {
            content = new ByteArrayContent(data);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/x-www-form-urlencoded"); // as curl -d
        }
        else if (flags.UploadFile == "-")
        {
            // Standard input cannot be read twice (hash, then send): it is read into memory.
            using var stdin = new CancellableReadStream(flags.Signing.OpenStdin());
            var copy = new MemoryStream();
            await stdin.CopyToAsync(copy, cancellationToken).ConfigureAwait(false);
            content = new ByteArrayContent(copy.GetBuffer(), 0, (int)copy.Length);
        }
        else if (flags.UploadFile is { } file)
        {
            if (!File.Exists(file))
            {
                throw Directory.Exists(file)
                    ? new UsageException($"-T {CliText.Show(file)} is a directory: name a file (curl -T uploads one file).")
                    : new UsageException($"-T {CliText.Show(file)}: no such file.");
            }

            var stream = new FileStream(file, new FileStreamOptions { Mode = FileMode.Open, Access = FileAccess.Read, Share = FileShare.Read, Options = FileOptions.Asynchronous, BufferSize = 0 });
            _disposables.Add(stream);
            if (!flags.Chunked && !flags.Signing.UnsignedPayload)
            {
                payload = Payload.Sha256(Convert.ToHexString(await SHA256.HashDataAsync(stream, cancellationToken).ConfigureAwait(false)));
                stream.Position = 0;
            }

            content = new StreamContent(stream, 81920);
        }

        if (content is null)
        {
            if (Message.Method == HttpMethod.Put || Message.Method == HttpMethod.Post)
            {
                Message.Content = new ByteArrayContent([]); // Content-Length: 0, which S3 wants on a PUT
            }

            return Payload.Empty;
        }

        Message.Content = content;
        BodyLength = content.Headers.ContentLength;
        if (flags.Chunked)
        {
            if (BodyLength > 0)
            {
                return Payload.Streaming();
            }

            Notes.Add("--chunked: the body is empty, so it is sent whole (S3 servers refuse an empty aws-chunked body)");
        }

        return payload;
    }

    /// <summary>Host, curl's default User-Agent and Accept, then -H (the first -H of a name replaces a default) and -H 'Name:' removals.</summary>
    private void SetHeaders(SigningFlags f, RawUrl url)
    {
        var version = typeof(CurlRequest).Assembly.GetName().Version;
        Message.Headers.TryAddWithoutValidation("Host", url.Host);
        Message.Headers.TryAddWithoutValidation("User-Agent", $"sigv/{version?.ToString(3)}");
        Message.Headers.TryAddWithoutValidation("Accept", "*/*");
        var given = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var h in f.Headers)
        {
            if (given.Add(h.Name))
            {
                Remove(h.Name);
            }

            if (!Message.Headers.TryAddWithoutValidation(h.Name, h.Value))
            {
                Message.Content ??= new ByteArrayContent([]);
                UsageException.ThrowIf(!Message.Content.Headers.TryAddWithoutValidation(h.Name, h.Value), $"-H {CliText.Show(h.Name + ": ...")} is not a header that can be sent: check the name.");
            }
        }

        foreach (string name in f.RemovedHeaders)
        {
            Remove(name);
        }
    }

    private void Remove(string name)
    {
        Remove(Message.Headers, name);
        if (Message.Content is { } content)
        {
            Remove(content.Headers, name);
        }
    }

    private static void Remove(HttpHeaders headers, string name)
    {
        try
        {
            headers.Remove(name);
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException)
        {
            // A content header asked of the request's headers, or the reverse (not there); or not a header name.
        }
    }

    /// <summary>Signs through the engine's public request signer: what goes on the wire is what is signed.</summary>
    private async Task SignAsync(CurlFlags flags, Payload payload, CancellationToken cancellationToken)
    {
        var f = flags.Signing;
        var credentials = Credentials!;
        if (f.SigV2)
        {
            string? bucket = f.Bucket ?? SignCommand.GuessBucket(Message.Headers.Host ?? Message.RequestUri!.Host);
            var v2 = new HttpRequestSigner(new SigV2Signer(credentials), bucket is null ? null : _ => bucket);
            var signed2 = await v2.SignAsync(Message, null, f.Date ?? DateTimeOffset.UtcNow, cancellationToken).ConfigureAwait(false);
            _explain = signed2.Explain;
            SignedWith = bucket is null ? "AWS SigV2 (HMAC-SHA1)" : $"AWS SigV2 (HMAC-SHA1), bucket {bucket} in the host";
            return;
        }

        string service = f.Service ?? "s3";
        string region = f.SigV4a ? string.Empty : f.Region ?? AwsCredentialChain.ResolveRegion(f.Profile) ?? "us-east-1";
        var signer = f.SigV4a
            ? new HttpRequestSigner(CliSigning.V4aSigner(f, credentials, service))
            : new HttpRequestSigner(CliSigning.V4Signer(f, credentials, region, service));
        if (Message.Headers.Contains("x-amz-content-sha256"))
        {
            payload = Payload.HashBody; // a hash given with -H is signed as given
        }
        else if (f.UnsignedPayload && !payload.IsStreaming)
        {
            payload = Payload.Unsigned;
        }

        // curl leaves x-amz-content-sha256 out; S3 servers (Ceph RGW, Swift) refuse a request without it, so the signer adds it for s3.
        var signed = await signer.SignAsync(Message, payload, f.Date ?? DateTimeOffset.UtcNow, cancellationToken).ConfigureAwait(false);
        _explain = signed.Explain;
        SignedWith = f.SigV4a ? $"AWS4-ECDSA-P256-SHA256 {signer.SigV4a!.RegionSet}/{service}" : $"AWS4-HMAC-SHA256 {region}/{service}";
    }
}
