using System.Net;
using System.Text;
using System.Xml;

namespace Signing.Internal.Credentials;

/// <summary>
/// The two STS actions the chain needs, as form POSTs (API version 2011-06-15): <c>AssumeRole</c>,
/// signed with our own SigV4 (service <c>sts</c>), and <c>AssumeRoleWithWebIdentity</c>, unsigned
/// (the token is the proof). Answers are parsed with <see cref="XmlReader"/>; errors become
/// <see cref="StsException"/> with the status, code and message, the token and secrets redacted.
/// </summary>
internal static class StsCalls
{
    /// <summary>How long one STS call may take.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    public static Task<AwsCredentials> AssumeRoleAsync(AwsCredentials source, StsEndpoint endpoint, string roleArn, string sessionName, int? durationSeconds, string? externalId, string sourceName, CancellationToken cancellationToken)
    {
        var form = new List<(string, string)> { ("Action", "AssumeRole"), ("Version", "2011-06-15"), ("RoleArn", roleArn), ("RoleSessionName", sessionName) };
        AddOptional(form, durationSeconds, externalId);
        return CallAsync(endpoint, form, source, sourceName, [source.SecretAccessKey, source.SessionToken], cancellationToken);
    }

    public static Task<AwsCredentials> AssumeRoleWithWebIdentityAsync(StsEndpoint endpoint, string roleArn, string sessionName, string webIdentityToken, int? durationSeconds, string sourceName, CancellationToken cancellationToken)
    {
        var form = new List<(string, string)> { ("Action", "AssumeRoleWithWebIdentity"), ("Version", "2011-06-15"), ("RoleArn", roleArn), ("RoleSessionName", sessionName), ("WebIdentityToken", webIdentityToken) };
        AddOptional(form, durationSeconds, null);
        return CallAsync(endpoint, form, null, sourceName, [webIdentityToken], cancellationToken);
    }

    /// <summary>
    /// The role session name: <paramref name="name"/> as STS takes it (2 to 64 of <c>[A-Za-z0-9+=,.@_-]</c>;
    /// throws naming <paramref name="where"/>), or when none is configured <c>signing-session-UNIXSECONDS</c>
    /// (as botocore's <c>botocore-session-…</c>).
    /// </summary>
    public static string SessionName(string? name, TimeProvider clock, string where)
    {
        name ??= "signing-session-" + clock.GetUtcNow().ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        bool ok = name.Length is >= 2 and <= 64;
        foreach (char c in name)
        {
            ok &= char.IsAsciiLetterOrDigit(c) || c is '+' or '=' or ',' or '.' or '@' or '_' or '-';
        }

        return ok ? name : throw new CredentialSourceException($"{where}: role session name {ThrowHelper.Show(name)} is not valid: STS takes 2 to 64 letters, digits or +=,.@_- characters.");
    }

    private static void AddOptional(List<(string, string)> form, int? durationSeconds, string? externalId)
    {
        if (durationSeconds is { } d)
        {
            form.Add(("DurationSeconds", d.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        if (externalId is not null)
        {
            form.Add(("ExternalId", externalId));
        }
    }

    private static async Task<AwsCredentials> CallAsync(StsEndpoint endpoint, List<(string Name, string Value)> form, AwsCredentials? signWith, string sourceName, string?[] secrets, CancellationToken cancellationToken)
    {
        // Spaces as %20, not '+': Ceph RGW does not decode '+' in form values.
        string body = string.Join('&', form.Select(p => Uri.EscapeDataString(p.Name) + "=" + Uri.EscapeDataString(p.Value)));
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint.Uri)
        {
            Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body)),
        };
        request.Content.Headers.TryAddWithoutValidation("Content-Type", "application/x-www-form-urlencoded; charset=utf-8");
        string action = form[0].Value;
        if (signWith is not null)
        {
            var signer = new HttpRequestSigner(new SigV4Signer(signWith, endpoint.SigningRegion, "sts"));
            await signer.SignAsync(request, null, cancellationToken).ConfigureAwait(false);
        }

        var (status, answer) = await CredentialHttp.SendAsync(CredentialHttp.Services, request, Timeout, (why, ex) => new StsException($"STS {action} at {endpoint.Uri}: {why}: check the endpoint ({endpoint.Origin}) and the network.", ex), cancellationToken).ConfigureAwait(false);

        string text = Encoding.UTF8.GetString(answer);
        var values = ReadXml(text);
        if (status != HttpStatusCode.OK)
        {
            values.TryGetValue("Code", out string? code);
            values.TryGetValue("Message", out string? message);
            values.TryGetValue("RequestId", out string? requestId);
            string said = SourceText.Redact(SourceText.Excerpt(message ?? (values.Count == 0 ? text : null), 400), secrets);
            throw new StsException($"STS {action} at {endpoint.Uri} was refused: HTTP {(int)status} {code ?? "(no error code)"}: {said}.", status, code, requestId);
        }

        if (!values.TryGetValue("AccessKeyId", out string? id) || !values.TryGetValue("SecretAccessKey", out string? secret) || !values.TryGetValue("SessionToken", out string? token))
        {
            throw new StsException($"STS {action} at {endpoint.Uri} answered 200 without Credentials (AccessKeyId, SecretAccessKey, SessionToken): is {endpoint.Uri} an STS endpoint?", status, null, null);
        }

        DateTimeOffset? expiration = values.TryGetValue("Expiration", out string? e) ? CredentialJson.ParseTime(e) : null;
        try
        {
            return new AwsCredentials(id, secret, token, $"AccessKeyId of STS {action}", $"SecretAccessKey of STS {action}", $"SessionToken of STS {action}")
            {
                Source = sourceName,
                Expiration = expiration,
            };
        }
        catch (ArgumentException ex)
        {
            throw new StsException($"STS {action} at {endpoint.Uri} answered with malformed credentials: {ex.Message}", ex);
        }
    }

    /// <summary>The text of every leaf element by local name (the last one wins); empty for text that is not XML.</summary>
    private static Dictionary<string, string> ReadXml(string text)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, IgnoreComments = true, MaxCharactersInDocument = CredentialJson.MaxBytes };
        try
        {
            using var reader = XmlReader.Create(new StringReader(text), settings);
            string? element = null;
            while (reader.Read())
            {
                if (reader.NodeType == XmlNodeType.Element)
                {
                    element = reader.LocalName;
                }
                else if (reader.NodeType is XmlNodeType.Text or XmlNodeType.CDATA && element is not null)
                {
                    values[element] = reader.Value.Trim();
                }
            }
        }
        catch (XmlException)
        {
            // Not XML (a proxy's page): the caller reports the status and an excerpt.
        }

        return values;
    }
}

/// <summary>Where STS calls go and the region they are signed for.</summary>
internal sealed record StsEndpoint(Uri Uri, string SigningRegion, string Origin)
{
    /// <summary>
    /// As the AWS CLI: the endpoint configured for <c>sts</c> (<see cref="AwsSharedConfig.ResolveEndpointUrl"/>:
    /// <c>AWS_ENDPOINT_URL_STS</c>, <c>AWS_ENDPOINT_URL</c>, the profile's <c>sts.endpoint_url</c> of its
    /// <c>[services NAME]</c> section or its own <c>endpoint_url</c>, unless configured endpoints are
    /// ignored), else the regional endpoint <c>https://sts.REGION.amazonaws.com</c> (<c>.amazonaws.com.cn</c>
    /// in China), else the global <c>https://sts.amazonaws.com</c> signed for us-east-1 when no region is
    /// set. The region is <c>AWS_REGION</c>, <c>AWS_DEFAULT_REGION</c>, else the profile's <c>region</c>.
    /// </summary>
    public static StsEndpoint Resolve(SharedConfig config, string profile)
    {
        var environment = config.Environment;
        string? region = SourceText.NonEmpty(environment.GetVariable("AWS_REGION")) ?? SourceText.NonEmpty(environment.GetVariable("AWS_DEFAULT_REGION")) ?? config.ConfigGet(profile, "region");
        string signingRegion = region ?? "us-east-1";
        if (AwsSharedConfig.ResolveEndpointUrl("sts", profile, environment) is { } configured)
        {
            if (!Uri.TryCreate(configured.Value, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            {
                throw new CredentialSourceException($"{configured.Source} {ThrowHelper.Show(configured.Value)} is not an absolute http(s) URL: set it to the STS endpoint, such as https://sts.us-east-1.amazonaws.com.");
            }

            return new StsEndpoint(uri, signingRegion, configured.Source);
        }

        return region is null
            ? new StsEndpoint(new Uri("https://sts.amazonaws.com/"), signingRegion, "global endpoint (no region set)")
            : new StsEndpoint(new Uri($"https://sts.{region}.amazonaws.com{(region.StartsWith("cn-", StringComparison.Ordinal) ? ".cn" : string.Empty)}/"), signingRegion, $"regional endpoint of {region}");
    }
}
