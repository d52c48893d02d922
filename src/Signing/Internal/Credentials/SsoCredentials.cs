using System.Net;
using System.Security.Cryptography;
using System.Text;

namespace Signing.Internal.Credentials;

/// <summary>
/// IAM Identity Center (SSO) profiles: the access token <c>aws sso login</c> cached in
/// <c>~/.aws/sso/cache/SHA1.json</c> (SHA-1 hex of the <c>sso_session</c> name, or of
/// <c>sso_start_url</c> for legacy profiles; fields <c>accessToken</c> and <c>expiresAt</c>), traded
/// for role credentials by the portal's <c>GetRoleCredentials</c>
/// (<c>GET /federation/credentials?role_name=R&amp;account_id=A</c> with <c>x-amz-sso_bearer_token</c>)
/// at <c>https://portal.sso.REGION.amazonaws.com</c> (<c>AWS_ENDPOINT_URL_SSO</c> overrides it).
/// The token is never refreshed here: an expired one says to run <c>aws sso login</c>.
/// </summary>
internal static class SsoCredentials
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    public static async Task<AwsCredentials> GetAsync(SharedConfig config, string profile, TimeProvider clock, CancellationToken cancellationToken)
    {
        string where = $"profile {profile} (SSO) in {config.ConfigFile}";
        string login = $"run `aws sso login --profile {profile}`";
        string? session = config.ConfigGet(profile, "sso_session");
        string? startUrl, region;
        string cacheKey;
        if (session is not null)
        {
            string section = "sso-session " + session;
            startUrl = config.Section(section, "sso_start_url");
            region = config.Section(section, "sso_region");
            if (startUrl is null || region is null)
            {
                throw new CredentialSourceException($"{where}: sso_session {ThrowHelper.Show(session)} needs a [sso-session {session}] section with sso_start_url and sso_region: add it (aws configure sso writes it).");
            }

            cacheKey = session;
        }
        else
        {
            startUrl = config.ConfigGet(profile, "sso_start_url")!;
            region = config.ConfigGet(profile, "sso_region")
                ?? throw new CredentialSourceException($"{where}: sso_start_url is set without sso_region: add it.");
            cacheKey = startUrl;
        }

        string account = config.ConfigGet(profile, "sso_account_id") ?? throw new CredentialSourceException($"{where}: sso_account_id is not set: add the account to sign in to.");
        string role = config.ConfigGet(profile, "sso_role_name") ?? throw new CredentialSourceException($"{where}: sso_role_name is not set: add the role to sign in as.");
        if (config.Environment.HomeDirectory.Length == 0)
        {
            throw new CredentialSourceException($"{where}: there is no home directory to find the SSO token cache (~/.aws/sso/cache) in.");
        }

#pragma warning disable CA5350 // Not for security: the file name the AWS CLI gives its cache entry is the SHA-1 hex of the key.
        string hash = Convert.ToHexString(SHA1.HashData(Encoding.UTF8.GetBytes(cacheKey))).ToLowerInvariant();
#pragma warning restore CA5350
        string cacheFile = Path.Combine(config.Environment.HomeDirectory, ".aws", "sso", "cache", hash + ".json");
        if (!File.Exists(cacheFile))
        {
            throw new CredentialSourceException($"{where}: no SSO token cached ({cacheFile} does not exist): {login}.");
        }

        byte[] cached;
        try
        {
            cached = await File.ReadAllBytesAsync(cacheFile, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CredentialSourceException($"{where}: the SSO token cache {cacheFile} cannot be read ({ex.GetType().Name}): check its permissions, or {login}.", ex);
        }

        var token = CredentialJson.TryParse(cached, out string? error)
            ?? throw new CredentialSourceException($"{where}: the SSO token cache {cacheFile} is unreadable: {error}: {login}.");
        if (!token.TryGetValue("accessToken", out string? accessToken) || accessToken.Length == 0)
        {
            throw new CredentialSourceException($"{where}: the SSO token cache {cacheFile} holds no accessToken: {login}.");
        }

        var expiresAt = token.TryGetValue("expiresAt", out string? e) ? CredentialJson.ParseTime(e) : null;
        if (expiresAt is null || expiresAt <= clock.GetUtcNow())
        {
            throw new CredentialSourceException($"{where}: the SSO token {(expiresAt is { } t ? "expired at " + SourceText.Iso(t) : "has no valid expiresAt")}: {login}.");
        }

        if (accessToken.AsSpan().IndexOfAny('\r', '\n') >= 0)
        {
            throw new CredentialSourceException($"{where}: the SSO token in {cacheFile} holds a line break: {login}.");
        }

        string endpoint = SourceText.NonEmpty(config.Environment.GetVariable("AWS_ENDPOINT_URL_SSO")) ?? $"https://portal.sso.{region}.amazonaws.com";
        if (!Uri.TryCreate($"{endpoint.TrimEnd('/')}/federation/credentials?role_name={Uri.EscapeDataString(role)}&account_id={Uri.EscapeDataString(account)}", UriKind.Absolute, out var uri))
        {
            throw new CredentialSourceException($"{where}: the SSO portal endpoint {ThrowHelper.Show(endpoint)} is not a URL: check sso_region or AWS_ENDPOINT_URL_SSO.");
        }

        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        request.Headers.TryAddWithoutValidation("x-amz-sso_bearer_token", accessToken);
        var (status, body) = await CredentialHttp.SendAsync(CredentialHttp.Services, request, Timeout, (why, ex) => new CredentialSourceException($"{where}: GetRoleCredentials at {uri.GetLeftPart(UriPartial.Authority)}: {why}.", ex), cancellationToken).ConfigureAwait(false);

        var answer = CredentialJson.TryParse(body, out _) ?? [];
        if (status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
        {
            throw new CredentialSourceException($"{where}: the SSO portal refused the cached token (HTTP {(int)status} {SourceText.Said(answer, accessToken)}): {login}.");
        }

        if (status != HttpStatusCode.OK)
        {
            throw new CredentialSourceException($"{where}: GetRoleCredentials for role {role} in account {account} failed: HTTP {(int)status} {SourceText.Said(answer, accessToken)}.");
        }

        return CredentialJson.Credentials(answer, $"{where}: GetRoleCredentials", $"SSO role {role} in account {account} (profile {profile})", "roleCredentials.accessKeyId", "roleCredentials.secretAccessKey", "roleCredentials.sessionToken", "roleCredentials.expiration", epochMilliseconds: true);
    }
}
