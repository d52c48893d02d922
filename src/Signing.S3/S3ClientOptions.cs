namespace Signing.S3;

/// <summary>How a bucket is named in the request URL.</summary>
public enum S3Addressing
{
    /// <summary><c>https://host/bucket/key</c>: works with every server and any bucket name.</summary>
    PathStyle = 0,

    /// <summary><c>https://bucket.host/key</c>: the bucket in the host name (needs DNS, or <c>*.localhost</c>, for it).</summary>
    VirtualHost = 1,
}

/// <summary>Which signature version signs which requests.</summary>
public enum S3SigningPolicy
{
    /// <summary>Signature Version 4 for every request (the default).</summary>
    SigV4 = 0,

    /// <summary>Signature Version 2 (HMAC-SHA1) for every request, for servers that only know it.</summary>
    SigV2 = 1,

    /// <summary>
    /// Object data requests (PUT, GET and DELETE of an object, copy, part upload, and their presigned URLs)
    /// with SigV2; listings, HEAD, bucket, ACL and multipart control requests with SigV4. Some Dell
    /// ECS-based providers need exactly this split.
    /// </summary>
    Hybrid = 2,
}

/// <summary>Whether the client corrects its clock when the server says the request time is too skewed.</summary>
public enum S3ClockSkewCorrection
{
    /// <summary>On <c>RequestTimeTooSkewed</c>, take the offset from the response's <c>Date</c> and retry (the default).</summary>
    Enabled = 0,

    /// <summary>Report <c>RequestTimeTooSkewed</c> as an <see cref="S3Exception"/>.</summary>
    Disabled = 1,
}

/// <summary>
/// Options of an <see cref="S3Client"/>. Set at least <see cref="Endpoint"/>; the rest has working
/// defaults (us-east-1, path-style, SigV4 with hashed payloads, 3 attempts, 100 s per attempt,
/// 30 s without a byte, 10 s to connect, clock-skew correction on). Vary a copy with <c>with</c>.
/// </summary>
public sealed record S3ClientOptions
{
    /// <summary>The server's base URL, such as <c>https://s3.us-east-1.amazonaws.com</c> or <c>http://127.0.0.1:17480</c>.</summary>
    public required Uri Endpoint { get; init; }

    /// <summary>The SigV4 signing region. Default <c>us-east-1</c>.</summary>
    public string Region { get; init; } = "us-east-1";

    /// <summary>The credentials; <see langword="null"/> sends every request unsigned (anonymous access, explicitly).</summary>
    public AwsCredentials? Credentials { get; init; }

    /// <summary>
    /// Where credentials come from at each request, instead of fixed <see cref="Credentials"/>: such
    /// as <see cref="AwsCredentialChain.CreateProvider"/>, which renews temporary credentials (STS,
    /// SSO, containers, EC2) before they expire. When set, it wins over <see cref="Credentials"/>.
    /// </summary>
    public IAwsCredentialsProvider? CredentialsProvider { get; init; }

    /// <summary>How buckets are addressed. Default <see cref="S3Addressing.PathStyle"/>.</summary>
    public S3Addressing Addressing { get; init; }

    /// <summary>Which signature version signs which request. Default <see cref="S3SigningPolicy.SigV4"/>.</summary>
    public S3SigningPolicy SigningPolicy { get; init; }

    /// <summary>
    /// How SigV4 request bodies are signed. Default <see cref="Payload.HashBody"/>: the body's
    /// SHA-256 (read twice). <see cref="Payload.Unsigned"/> signs <c>UNSIGNED-PAYLOAD</c> (no hashing
    /// pass; HTTPS only unless <see cref="AllowUnsignedPayloadOverHttp"/>). A streaming payload
    /// (<see cref="Payload.Streaming"/>) sends object and part bodies as <c>aws-chunked</c> in one
    /// pass; other bodies are hashed. A fixed hash (<see cref="Payload.Sha256(string)"/>) is refused:
    /// it cannot describe every body.
    /// </summary>
    public Payload Payload { get; init; } = Payload.HashBody;

    /// <summary>Permits <see cref="Payload.Unsigned"/> over plain HTTP (test servers on loopback). Default false.</summary>
    public bool AllowUnsignedPayloadOverHttp { get; init; }

    /// <summary>Attempts per request, the first included (1 disables retries). Default 3.</summary>
    public int MaxAttempts { get; init; } = 3;

    /// <summary>The first retry's mean back-off; each later retry doubles it, with full jitter, up to <see cref="MaxRetryDelay"/>. Default 200 ms.</summary>
    public TimeSpan RetryBaseDelay { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>The longest back-off between two attempts. Default 20 s.</summary>
    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>The time limit of one attempt: sending the request, body included, and receiving the response (its headers, for a streamed GET). Default 100 s.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(100);

    /// <summary>
    /// The longest wait for the next byte while a request body is being sent or a response body
    /// read (a stalled server or connection). When it runs out the attempt fails (and is retried
    /// like a dropped connection). Default 30 s; <see cref="System.Threading.Timeout.InfiniteTimeSpan"/> disables it.
    /// </summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The longest wait for a TCP (and TLS) connection to the server, for the handler the client
    /// creates itself (a handler or HttpClient passed in keeps its own). Default 10 s;
    /// <see cref="System.Threading.Timeout.InfiniteTimeSpan"/> disables it.
    /// </summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// A PEM file with the CA certificate(s) to trust for HTTPS, such as a private CA's: the
    /// certificates in it (with <see cref="CaCertificates"/>) become the only trusted roots, as
    /// with the AWS CLI's <c>ca_bundle</c> and curl's <c>--cacert</c> (append the system bundle to
    /// trust public CAs too). Host names are still checked. Default null: the system's CAs. Read
    /// when the client is created; applies to the handler the client creates or to a
    /// <see cref="SocketsHttpHandler"/> passed in without TLS validation of its own.
    /// </summary>
    public string? CaBundle { get; init; }

    /// <summary>CA certificates to trust for HTTPS, as <see cref="CaBundle"/> (both may be set: all are trusted). Default null.</summary>
    public IReadOnlyList<System.Security.Cryptography.X509Certificates.X509Certificate2>? CaCertificates { get; init; }

    /// <summary>
    /// Accepts any server certificate: untrusted, for another host, expired. The connection is then
    /// open to anyone in the path; for test servers only. Excludes <see cref="CaBundle"/> and
    /// <see cref="CaCertificates"/>. Default false.
    /// </summary>
    public bool DangerousAcceptAnyServerCertificate { get; init; }

    /// <summary>Whether a skewed client clock is corrected from the server's <c>Date</c>. Default on.</summary>
    public S3ClockSkewCorrection ClockSkewCorrection { get; init; }

    /// <summary>The clock requests are signed with; default <see cref="System.TimeProvider.System"/>.</summary>
    public TimeProvider? TimeProvider { get; init; }

    /// <summary>Shows the endpoint, region, policies and the access key id; never the secret.</summary>
    /// <returns>A one-line description.</returns>
    public override string ToString() =>
        $"S3ClientOptions {{ Endpoint = {Endpoint}, Region = {Region}, Credentials = {(CredentialsProvider is not null ? CredentialsProvider.ToString() : Credentials is null ? "anonymous" : Credentials.AccessKeyId)}, Addressing = {Addressing}, SigningPolicy = {SigningPolicy}, Payload = {Payload}, MaxAttempts = {MaxAttempts}, Timeout = {Timeout}, IdleTimeout = {IdleTimeout}, ConnectTimeout = {ConnectTimeout}, ClockSkewCorrection = {ClockSkewCorrection}{(CaBundle is null ? string.Empty : $", CaBundle = {CaBundle}")}{(CaCertificates is null ? string.Empty : $", CaCertificates = {CaCertificates.Count}")}{(DangerousAcceptAnyServerCertificate ? ", DangerousAcceptAnyServerCertificate = True" : string.Empty)} }}";
}
