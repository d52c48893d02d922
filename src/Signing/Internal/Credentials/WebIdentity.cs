namespace Signing.Internal.Credentials;

/// <summary>
/// <c>AssumeRoleWithWebIdentity</c> with the token read from a file (EKS IRSA writes and rotates
/// it; it is read again at every refresh).
/// </summary>
internal static class WebIdentity
{
    private const int MaxTokenBytes = 64 * 1024;

    public static async Task<AwsCredentials> AssumeAsync(TimeProvider clock, string tokenFile, string roleArn, string? sessionName, int? durationSeconds, StsEndpoint endpoint, string sourceName, string where, CancellationToken cancellationToken)
    {
        string token;
        try
        {
            var info = new FileInfo(tokenFile);
            if (!info.Exists)
            {
                throw new CredentialSourceException($"{where}: the web identity token file {tokenFile} does not exist: check the path (on EKS, the service account's token volume).");
            }

            if (info.Length > MaxTokenBytes)
            {
                throw new CredentialSourceException($"{where}: the web identity token file {tokenFile} is {info.Length} bytes, more than a token ({MaxTokenBytes} at most): check the path.");
            }

            token = (await File.ReadAllTextAsync(tokenFile, cancellationToken).ConfigureAwait(false)).Trim();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CredentialSourceException($"{where}: the web identity token file {tokenFile} cannot be read ({ex.GetType().Name}): check its permissions.", ex);
        }

        if (token.Length == 0)
        {
            throw new CredentialSourceException($"{where}: the web identity token file {tokenFile} is empty: it must hold the OIDC token (a JWT).");
        }

        string session = StsCalls.SessionName(sessionName, clock, where);
        try
        {
            return await StsCalls.AssumeRoleWithWebIdentityAsync(endpoint, roleArn, session, token, durationSeconds, sourceName, cancellationToken).ConfigureAwait(false);
        }
        catch (StsException ex)
        {
            throw new CredentialSourceException($"{where}: assuming role {roleArn} with the web identity token in {tokenFile} failed: {ex.Message}", ex);
        }
    }
}

/// <summary><c>AWS_WEB_IDENTITY_TOKEN_FILE</c>, <c>AWS_ROLE_ARN</c> and <c>AWS_ROLE_SESSION_NAME</c> (EKS IRSA).</summary>
internal sealed class WebIdentityEnvironmentSource(CredentialEnvironment environment, TimeProvider clock, string? profile) : CredentialSource
{
    public override async Task<AwsCredentials?> TryGetAsync(List<string> tried, CancellationToken cancellationToken)
    {
        string? tokenFile = SourceText.NonEmpty(environment.GetVariable("AWS_WEB_IDENTITY_TOKEN_FILE"));
        string? roleArn = SourceText.NonEmpty(environment.GetVariable("AWS_ROLE_ARN"));
        if (tokenFile is null)
        {
            tried.Add("web identity: AWS_WEB_IDENTITY_TOKEN_FILE (not set)");
            return null;
        }

        if (roleArn is null)
        {
            throw new CredentialSourceException("web identity: AWS_WEB_IDENTITY_TOKEN_FILE is set but AWS_ROLE_ARN is not: set the ARN of the role to assume.");
        }

        var endpoint = StsEndpoint.Resolve(new SharedConfig(environment), profile ?? "default");
        return await WebIdentity.AssumeAsync(clock, tokenFile, roleArn, SourceText.NonEmpty(environment.GetVariable("AWS_ROLE_SESSION_NAME")), null, endpoint, $"web identity {roleArn} (AWS_WEB_IDENTITY_TOKEN_FILE)", "web identity (AWS_WEB_IDENTITY_TOKEN_FILE, AWS_ROLE_ARN)", cancellationToken).ConfigureAwait(false);
    }
}
