using System.Net;
using System.Net.Sockets;

namespace Signing.Internal.Credentials;

/// <summary>
/// Container credentials (ECS task roles, EKS Pod Identity), per the AWS SDKs' container credential
/// provider: <c>AWS_CONTAINER_CREDENTIALS_RELATIVE_URI</c> under <c>http://169.254.170.2</c>, else
/// <c>AWS_CONTAINER_CREDENTIALS_FULL_URI</c>, which must be https, or http to a host whose every
/// address is loopback (127.0.0.0/8, ::1), the ECS host 169.254.170.2 or the EKS hosts
/// 169.254.170.23 / fd00:ec2::23. <c>Authorization</c> carries the content of
/// <c>AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE</c> (read at each fetch), else
/// <c>AWS_CONTAINER_AUTHORIZATION_TOKEN</c>. The answer is JSON with <c>AccessKeyId</c>,
/// <c>SecretAccessKey</c>, <c>Token</c>, <c>Expiration</c>. 2 s per attempt, 3 attempts for
/// connection failures, timeouts and 5xx (botocore's numbers).
/// </summary>
internal sealed class ContainerSource(CredentialEnvironment environment) : CredentialSource
{
    internal static TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(2);

    private const int Attempts = 3;
    private static readonly IPAddress[] AllowedHosts = [IPAddress.Parse("169.254.170.2"), IPAddress.Parse("169.254.170.23"), IPAddress.Parse("fd00:ec2::23")];

    public override async Task<AwsCredentials?> TryGetAsync(List<string> tried, CancellationToken cancellationToken)
    {
        string? relative = SourceText.NonEmpty(environment.GetVariable("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"));
        string? full = SourceText.NonEmpty(environment.GetVariable("AWS_CONTAINER_CREDENTIALS_FULL_URI"));
        if (relative is null && full is null)
        {
            tried.Add("container: AWS_CONTAINER_CREDENTIALS_RELATIVE_URI and AWS_CONTAINER_CREDENTIALS_FULL_URI (not set)");
            return null;
        }

        Uri uri;
        string where;
        if (relative is not null)
        {
            where = "container (AWS_CONTAINER_CREDENTIALS_RELATIVE_URI)";
            if (!relative.StartsWith('/') || !Uri.TryCreate("http://169.254.170.2" + relative, UriKind.Absolute, out uri!) || uri.Host != "169.254.170.2")
            {
                throw new CredentialSourceException($"{where}: {ThrowHelper.Show(relative)} is not a path starting with '/': ECS sets it to a path such as /v2/credentials/ID.");
            }
        }
        else
        {
            where = "container (AWS_CONTAINER_CREDENTIALS_FULL_URI)";
            if (!Uri.TryCreate(full, UriKind.Absolute, out uri!) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            {
                throw new CredentialSourceException($"{where}: {ThrowHelper.Show(full!)} is not an absolute http(s) URL.");
            }

            if (uri.Scheme == Uri.UriSchemeHttp && !await IsAllowedHostAsync(uri, cancellationToken).ConfigureAwait(false))
            {
                throw new CredentialSourceException($"{where}: {uri.GetLeftPart(UriPartial.Authority)} is not allowed over http: the SDKs take https, or http only to a loopback address, 169.254.170.2 (ECS) or 169.254.170.23 / fd00:ec2::23 (EKS Pod Identity). Credentials must not cross the network in clear.");
            }
        }

        string? token = await TokenAsync(where, cancellationToken).ConfigureAwait(false);
        where += $" at {uri.GetLeftPart(UriPartial.Authority)}";
        for (int attempt = 1; ; attempt++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, uri);
            request.Headers.Accept.ParseAdd("application/json");
            if (token is not null)
            {
                request.Headers.TryAddWithoutValidation("Authorization", token);
            }

            string why;
            try
            {
                var (status, body) = await CredentialHttp.SendAsync(CredentialHttp.Metadata, request, AttemptTimeout, cancellationToken).ConfigureAwait(false);
                var values = CredentialJson.TryParse(body, out string? error);
                if (status == HttpStatusCode.OK)
                {
                    return CredentialJson.Credentials(values ?? throw new CredentialSourceException($"{where}: the answer is not a credentials document: {error}."), where, "container");
                }

                why = $"HTTP {(int)status} {values?.GetValueOrDefault("code") ?? values?.GetValueOrDefault("Code") ?? string.Empty} {SourceText.Said(values, token)}".Replace("  ", " ", StringComparison.Ordinal);
                if ((int)status < 500)
                {
                    throw new CredentialSourceException($"{where}: {why}{(status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden ? ": check AWS_CONTAINER_AUTHORIZATION_TOKEN(_FILE)" : string.Empty)}.");
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TimeoutException)
            {
                why = CredentialHttp.Why(ex);
            }

            if (attempt == Attempts)
            {
                throw new CredentialSourceException($"{where}: {why} ({Attempts} attempts).");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100 * attempt), cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<string?> TokenAsync(string where, CancellationToken cancellationToken)
    {
        string? token;
        if (SourceText.NonEmpty(environment.GetVariable("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE")) is { } file)
        {
            try
            {
                token = (await File.ReadAllTextAsync(file, cancellationToken).ConfigureAwait(false)).Trim();
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new CredentialSourceException($"{where}: AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE {file} cannot be read ({ex.GetType().Name}): check the path and its permissions.", ex);
            }

            where = $"AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE {file}";
        }
        else
        {
            token = SourceText.NonEmpty(environment.GetVariable("AWS_CONTAINER_AUTHORIZATION_TOKEN"));
            where = "AWS_CONTAINER_AUTHORIZATION_TOKEN";
        }

        return token is null || !SourceText.HasControl(token) ? token
            : throw new CredentialSourceException($"container: {where} holds a control character (value not shown): it would break the Authorization header.");
    }

    /// <summary>Whether every address of the URI's host is loopback or a container credentials host.</summary>
    private static async Task<bool> IsAllowedHostAsync(Uri uri, CancellationToken cancellationToken)
    {
        IPAddress[] addresses;
        if (IPAddress.TryParse(uri.IdnHost.Trim('[', ']'), out var ip))
        {
            addresses = [ip];
        }
        else
        {
            try
            {
                addresses = await Dns.GetHostAddressesAsync(uri.IdnHost, cancellationToken).ConfigureAwait(false);
            }
            catch (SocketException)
            {
                return false;
            }
        }

        return addresses.Length > 0 && addresses.All(a => IPAddress.IsLoopback(a) || AllowedHosts.Contains(a.IsIPv4MappedToIPv6 ? a.MapToIPv4() : a));
    }
}
