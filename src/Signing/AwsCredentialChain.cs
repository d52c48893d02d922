using Signing.Internal;
using Signing.Internal.Credentials;

namespace Signing;

/// <summary>
/// Finds credentials the way the AWS CLI does, in this order:
/// <list type="number">
/// <item><b>environment</b>: <c>AWS_ACCESS_KEY_ID</c>, <c>AWS_SECRET_ACCESS_KEY</c>, <c>AWS_SESSION_TOKEN</c>;</item>
/// <item><b>web identity</b>: <c>AWS_WEB_IDENTITY_TOKEN_FILE</c>, <c>AWS_ROLE_ARN</c>, <c>AWS_ROLE_SESSION_NAME</c> (EKS IRSA), through STS <c>AssumeRoleWithWebIdentity</c>;</item>
/// <item><b>the profile</b> <c>AWS_PROFILE</c> (else <c>default</c>) of the shared files (<c>AWS_SHARED_CREDENTIALS_FILE</c>
/// or <c>~/.aws/credentials</c>, <c>AWS_CONFIG_FILE</c> or <c>~/.aws/config</c>): <c>role_arn</c> with
/// <c>source_profile</c> / <c>credential_source</c> (STS <c>AssumeRole</c>, signed by this library) or with
/// <c>web_identity_token_file</c>; <c>sso_session</c> / <c>sso_start_url</c> (the token cache <c>aws sso login</c>
/// writes); static keys; <c>credential_process</c>;</item>
/// <item><b>container</b>: <c>AWS_CONTAINER_CREDENTIALS_RELATIVE_URI</c> / <c>_FULL_URI</c> with
/// <c>AWS_CONTAINER_AUTHORIZATION_TOKEN(_FILE)</c> (ECS, EKS Pod Identity);</item>
/// <item><b>EC2 instance metadata</b> (IMDSv2), unless <c>AWS_EC2_METADATA_DISABLED=true</c>; gives up in under a second off EC2.</item>
/// </list>
/// An explicit profile (like <c>--profile</c>) skips the first two. STS goes to
/// <c>AWS_ENDPOINT_URL_STS</c>, <c>AWS_ENDPOINT_URL</c> or the profile's <c>endpoint_url</c>, else
/// <c>https://sts.REGION.amazonaws.com</c>. When nothing gives credentials, or a source that is set
/// up fails, <see cref="CredentialsNotFoundException"/> lists every source tried, in order, with where
/// it looked and why (never a secret or token).
/// </summary>
public static class AwsCredentialChain
{
    /// <summary>
    /// The chain as a provider that caches and renews temporary credentials before they expire
    /// (<see cref="RefreshingCredentialsProvider"/>). The first call walks the chain; renewals ask the
    /// source that answered. Give it to <see cref="HttpRequestSigner"/>, <see cref="AwsSigningHandler"/> or the S3 client.
    /// </summary>
    /// <param name="profile">A profile name chosen explicitly (like <c>--profile</c>); null to follow the environment.</param>
    /// <param name="environment">Where to read from; default the process environment and home directory.</param>
    /// <param name="clock">The clock for expiry and refresh; default <see cref="TimeProvider.System"/>.</param>
    /// <returns>The provider; nothing is read until it is first asked.</returns>
    /// <exception cref="ArgumentException">The profile name is empty or holds a control character or a bracket.</exception>
    public static RefreshingCredentialsProvider CreateProvider(string? profile = null, CredentialEnvironment? environment = null, TimeProvider? clock = null)
    {
        clock ??= TimeProvider.System;
        return new RefreshingCredentialsProvider(new ChainSource(profile, environment ?? CredentialEnvironment.System, clock), clock);
    }

    /// <summary>Walks the chain once and returns the first credentials found (no caching).</summary>
    /// <param name="profile">A profile name chosen explicitly (like <c>--profile</c>); null to follow the environment.</param>
    /// <param name="environment">Where to read from; default <see cref="CredentialEnvironment.System"/>.</param>
    /// <param name="cancellationToken">Cancels the lookups.</param>
    /// <returns>The credentials, with <see cref="AwsCredentials.Source"/> saying where they came from.</returns>
    /// <exception cref="CredentialsNotFoundException">No source gave credentials, or one that is set up failed; the message lists each source tried.</exception>
    /// <exception cref="ArgumentException">The profile name, or a credential found, is not valid; the message names the variable or the file and key, never the value.</exception>
    public static async Task<AwsCredentials> ResolveAsync(string? profile = null, CredentialEnvironment? environment = null, CancellationToken cancellationToken = default) =>
        await new ChainSource(profile, environment ?? CredentialEnvironment.System, TimeProvider.System).GetCredentialsAsync(cancellationToken).ConfigureAwait(false);

    /// <summary>As <see cref="ResolveAsync"/>, blocking until done (it may call STS, a process, or a metadata endpoint).</summary>
    /// <param name="profile">A profile name chosen explicitly (like <c>--profile</c>); null to follow the environment.</param>
    /// <param name="environment">Where to read from; default <see cref="CredentialEnvironment.System"/>.</param>
    /// <returns>The credentials, with <see cref="AwsCredentials.Source"/> saying where they came from.</returns>
    /// <exception cref="CredentialsNotFoundException">No source gave credentials, or one that is set up failed; the message lists each source tried.</exception>
    /// <exception cref="ArgumentException">The profile name, or a credential found, is not valid; the message names the variable or the file and key, never the value.</exception>
    public static AwsCredentials Resolve(string? profile = null, CredentialEnvironment? environment = null) =>
        Task.Run(() => ResolveAsync(profile, environment)).GetAwaiter().GetResult();

    /// <summary>Credentials from <c>AWS_ACCESS_KEY_ID</c>, <c>AWS_SECRET_ACCESS_KEY</c> and <c>AWS_SESSION_TOKEN</c> (and <c>AWS_CREDENTIAL_EXPIRATION</c>), or null when the first two are not both set.</summary>
    /// <param name="environment">Where to read from; default <see cref="CredentialEnvironment.System"/>.</param>
    /// <returns>The credentials or null.</returns>
    /// <exception cref="ArgumentException">A variable holds a value that is no valid credential; the message names the variable, never the value.</exception>
    public static AwsCredentials? FromEnvironment(CredentialEnvironment? environment = null) =>
        EnvironmentSource.Read(environment ?? CredentialEnvironment.System);

    /// <summary>Static keys of profile <paramref name="profile"/> from the shared credentials file, else the config file; null when neither has them (roles, SSO and processes are the chain's: see <see cref="ResolveAsync"/>).</summary>
    /// <param name="profile">The profile name, such as <c>default</c>.</param>
    /// <param name="environment">Where to read from; default <see cref="CredentialEnvironment.System"/>.</param>
    /// <returns>The credentials or null.</returns>
    /// <exception cref="CredentialsNotFoundException">A shared file is too large or cannot be read.</exception>
    /// <exception cref="ArgumentException">The profile name, or a credential in the file, is not valid; the message names the file and key, never the value.</exception>
    public static AwsCredentials? FromProfile(string profile, CredentialEnvironment? environment = null)
    {
        ChainSource.CheckProfile(profile);
        var config = new SharedConfig(environment ?? CredentialEnvironment.System);
        return ProfileSource.StaticKeys(config, profile, fromConfig: false) ?? ProfileSource.StaticKeys(config, profile, fromConfig: true);
    }

    /// <summary>The region of profile <paramref name="profile"/>: <c>AWS_REGION</c>, <c>AWS_DEFAULT_REGION</c>, else the profile's <c>region</c> in the config file; null when none is set.</summary>
    /// <param name="profile">The profile name; null follows <c>AWS_PROFILE</c>, else <c>default</c>.</param>
    /// <param name="environment">Where to read from; default <see cref="CredentialEnvironment.System"/>.</param>
    /// <returns>The region or null.</returns>
    /// <exception cref="CredentialsNotFoundException">The config file is too large or cannot be read.</exception>
    public static string? ResolveRegion(string? profile = null, CredentialEnvironment? environment = null)
    {
        environment ??= CredentialEnvironment.System;
        string? region = SourceText.NonEmpty(environment.GetVariable("AWS_REGION")) ?? SourceText.NonEmpty(environment.GetVariable("AWS_DEFAULT_REGION"));
        if (region is not null)
        {
            return region;
        }

        string name = profile ?? SourceText.NonEmpty(environment.GetVariable("AWS_PROFILE")) ?? "default";
        var config = IniFile.TryRead(environment.ConfigFile);
        return config?.Get(SharedConfig.ConfigSection(name), "region")
            ?? config?.Get(name, "region");
    }
}
