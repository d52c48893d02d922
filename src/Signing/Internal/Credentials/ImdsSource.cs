using System.Net;
using System.Text;

namespace Signing.Internal.Credentials;

/// <summary>
/// EC2 instance metadata, IMDSv2 only: <c>PUT /latest/api/token</c> with
/// <c>X-aws-ec2-metadata-token-ttl-seconds: 21600</c>, then with <c>X-aws-ec2-metadata-token</c>
/// <c>GET /latest/meta-data/iam/security-credentials/</c> (the role name) and
/// <c>…/security-credentials/ROLE</c> (JSON: <c>Code</c> "Success", <c>AccessKeyId</c>,
/// <c>SecretAccessKey</c>, <c>Token</c>, <c>Expiration</c>). A 401 on a GET means the token expired:
/// a new one is fetched once. Off when <c>AWS_EC2_METADATA_DISABLED=true</c>; the endpoint is
/// <c>AWS_EC2_METADATA_SERVICE_ENDPOINT</c>, else the profile's <c>ec2_metadata_service_endpoint</c>,
/// else <c>http://169.254.169.254</c> (or <c>http://[fd00:ec2::254]</c> in IPv6 endpoint mode).
/// 500 ms to connect and 1 s per call, as botocore: a machine that is not on EC2 gives up in
/// under a second, and the chain reports it as not found there.
/// </summary>
internal sealed class ImdsSource(CredentialEnvironment environment, string? profile) : CredentialSource
{
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(1);

    private const string TokenTtlSeconds = "21600";
    private const string CredentialsPath = "/latest/meta-data/iam/security-credentials/";

    public override async Task<AwsCredentials?> TryGetAsync(List<string> tried, CancellationToken cancellationToken)
    {
        if (SourceText.IsTrue(environment.GetVariable("AWS_EC2_METADATA_DISABLED")))
        {
            tried.Add("EC2 instance metadata (IMDSv2): off (AWS_EC2_METADATA_DISABLED=true)");
            return null;
        }

        var (endpoint, origin) = Endpoint();
        if (!Uri.TryCreate(endpoint, UriKind.Absolute, out var baseUri) || (baseUri.Scheme != Uri.UriSchemeHttp && baseUri.Scheme != Uri.UriSchemeHttps))
        {
            throw new CredentialSourceException($"EC2 instance metadata: {origin} {ThrowHelper.Show(endpoint)} is not an absolute http(s) URL, such as http://169.254.169.254.");
        }

        string where = $"EC2 instance metadata (IMDSv2) at {baseUri.GetLeftPart(UriPartial.Authority)}";
        string? token = await TokenAsync(baseUri, where, tried, cancellationToken).ConfigureAwait(false);
        if (token is null)
        {
            return null;
        }

        var (status, roles) = await GetAsync(baseUri, CredentialsPath, token, where, cancellationToken).ConfigureAwait(false);
        if (status == HttpStatusCode.Unauthorized)
        {
            // The token expired (or the service restarted): one new token, once.
            token = await TokenAsync(baseUri, where, tried, cancellationToken).ConfigureAwait(false) ?? throw new CredentialSourceException($"{where}: a new token could not be had after a 401.");
            (status, roles) = await GetAsync(baseUri, CredentialsPath, token, where, cancellationToken).ConfigureAwait(false);
        }

        if (status == HttpStatusCode.NotFound)
        {
            throw new CredentialSourceException($"{where}: this instance has no IAM role (404 on {CredentialsPath}): attach an instance profile, or use another source.");
        }

        Check(status, where, CredentialsPath);
        string role = Encoding.UTF8.GetString(roles).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault()
            ?? throw new CredentialSourceException($"{where}: {CredentialsPath} named no role: attach an instance profile.");
        var (credStatus, body) = await GetAsync(baseUri, CredentialsPath + Uri.EscapeDataString(role), token, where, cancellationToken).ConfigureAwait(false);
        if (credStatus == HttpStatusCode.NotFound)
        {
            throw new CredentialSourceException($"{where}: role {ThrowHelper.Show(role)} was not found (404): the instance profile changed; try again, or check the instance's role.");
        }

        Check(credStatus, where, CredentialsPath + role);
        var values = CredentialJson.TryParse(body, out string? error)
            ?? throw new CredentialSourceException($"{where}: the answer for role {ThrowHelper.Show(role)} is not a credentials document: {error}.");
        if (values.TryGetValue("Code", out string? code) && code != "Success")
        {
            throw new CredentialSourceException($"{where}: role {ThrowHelper.Show(role)}: Code {ThrowHelper.Show(code)} {SourceText.Excerpt(values.GetValueOrDefault("Message"), 200)}.");
        }

        return CredentialJson.Credentials(values, $"{where}, role {role}", $"EC2 instance metadata (role {role})");
    }

    private (string Endpoint, string Origin) Endpoint()
    {
        if (SourceText.NonEmpty(environment.GetVariable("AWS_EC2_METADATA_SERVICE_ENDPOINT")) is { } e)
        {
            return (e, "AWS_EC2_METADATA_SERVICE_ENDPOINT");
        }

        var config = new SharedConfig(environment);
        string name = profile ?? SourceText.NonEmpty(environment.GetVariable("AWS_PROFILE")) ?? "default";
        if (config.ConfigGet(name, "ec2_metadata_service_endpoint") is { } c)
        {
            return (c, $"ec2_metadata_service_endpoint of profile {name}");
        }

        string? mode = SourceText.NonEmpty(environment.GetVariable("AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE")) ?? config.ConfigGet(name, "ec2_metadata_service_endpoint_mode");
        return (string.Equals(mode, "IPv6", StringComparison.OrdinalIgnoreCase) ? "http://[fd00:ec2::254]" : "http://169.254.169.254", "the default endpoint");
    }

    /// <summary>A session token; null (after noting why in <paramref name="tried"/>) when nothing answers: not on EC2.</summary>
    private static async Task<string?> TokenAsync(Uri baseUri, string where, List<string> tried, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, new Uri(baseUri, "/latest/api/token"));
        request.Headers.TryAddWithoutValidation("X-aws-ec2-metadata-token-ttl-seconds", TokenTtlSeconds);
        HttpStatusCode status;
        byte[] body;
        try
        {
            (status, body) = await CredentialHttp.SendAsync(CredentialHttp.Metadata, request, CallTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is HttpRequestException or TimeoutException)
        {
            tried.Add($"{where}: {CredentialHttp.Why(ex)} (not on EC2, or metadata unreachable)");
            return null;
        }

        if (status != HttpStatusCode.OK)
        {
            // Not the instance metadata service as documented (or IMDSv2 turned off): no credentials here.
            tried.Add($"{where}: the token request (PUT /latest/api/token) answered HTTP {(int)status} (IMDSv2 is required, IMDSv1 is not used; on EC2 check the instance's metadata options)");
            return null;
        }

        string token = Encoding.UTF8.GetString(body).Trim();
        return token.Length > 0 && token.AsSpan().IndexOfAnyInRange('\0', '\x1f') < 0
            ? token
            : throw new CredentialSourceException($"{where}: the token request answered an empty or malformed token.");
    }

    private static async Task<(HttpStatusCode, byte[])> GetAsync(Uri baseUri, string path, string token, string where, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(baseUri, path));
        request.Headers.TryAddWithoutValidation("X-aws-ec2-metadata-token", token);
        return await CredentialHttp.SendAsync(CredentialHttp.Metadata, request, CallTimeout, (why, ex) => new CredentialSourceException($"{where}: GET {path}: {why}.", ex), cancellationToken).ConfigureAwait(false);
    }

    private static void Check(HttpStatusCode status, string where, string path)
    {
        if (status != HttpStatusCode.OK)
        {
            throw new CredentialSourceException($"{where}: GET {path} answered HTTP {(int)status}{(status == HttpStatusCode.Unauthorized ? " (the token was refused)" : string.Empty)}.");
        }
    }
}
