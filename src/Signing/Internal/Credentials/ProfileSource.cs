using System.Globalization;

namespace Signing.Internal.Credentials;

/// <summary>
/// A profile of the shared files, in botocore's order: <c>role_arn</c> (with
/// <c>web_identity_token_file</c>, or <c>source_profile</c> / <c>credential_source</c>), SSO
/// (<c>sso_session</c> or <c>sso_start_url</c>), static keys in the credentials file,
/// <c>credential_process</c>, static keys in the config file.
/// </summary>
internal sealed class ProfileSource(string profile, CredentialEnvironment environment, TimeProvider clock) : CredentialSource
{
    private const int MaxChain = 16;

    public override async Task<AwsCredentials?> TryGetAsync(List<string> tried, CancellationToken cancellationToken)
    {
        var config = new SharedConfig(environment);
        var found = await ResolveAsync(config, profile, [], cancellationToken).ConfigureAwait(false);
        if (found is null)
        {
            tried.Add($"profile {profile}: {SharedConfig.Shown(config.CredentialsFile, "credentials")} [{profile}] ({(config.HasCredentialsFile ? "no credentials for this profile" : "no such file")}), " +
                $"{SharedConfig.Shown(config.ConfigFile, "config")} [{SharedConfig.ConfigSection(profile)}] ({(config.HasConfigFile ? "no keys, role_arn, sso_session or credential_process for this profile" : "no such file")})");
        }

        return found;
    }

    /// <summary>The credentials of profile <paramref name="name"/>; null when it sets none up.</summary>
    private async Task<AwsCredentials?> ResolveAsync(SharedConfig config, string name, List<string> visited, CancellationToken cancellationToken)
    {
        visited.Add(name);
        string where = $"profile {name}";
        if (config.Get(name, "role_arn") is { } roleArn)
        {
            return await AssumeRoleAsync(config, name, roleArn, visited, cancellationToken).ConfigureAwait(false);
        }

        if (config.ConfigGet(name, "sso_session") is not null || config.ConfigGet(name, "sso_start_url") is not null)
        {
            return await SsoCredentials.GetAsync(config, name, clock, cancellationToken).ConfigureAwait(false);
        }

        if (StaticKeys(config, name, fromConfig: false) is { } keys)
        {
            return keys;
        }

        if (config.Get(name, "credential_process") is { } command)
        {
            return await ProcessCredentials.RunAsync(command, $"credential_process of {where} in {config.Where(name, "credential_process")}", $"credential_process of {where}", clock, cancellationToken).ConfigureAwait(false);
        }

        return StaticKeys(config, name, fromConfig: true);
    }

    private async Task<AwsCredentials> AssumeRoleAsync(SharedConfig config, string name, string roleArn, List<string> visited, CancellationToken cancellationToken)
    {
        string where = $"profile {name} in {config.Where(name, "role_arn")}";
        string sourceName = $"assume role {roleArn} (profile {name})";
        string? sessionName = config.Get(name, "role_session_name");
        int? duration = null;
        if (config.Get(name, "duration_seconds") is { } d)
        {
            duration = int.TryParse(d, NumberStyles.None, CultureInfo.InvariantCulture, out int seconds) && seconds > 0
                ? seconds
                : throw new CredentialSourceException($"{where}: duration_seconds {ThrowHelper.Show(d)} is not a whole number of seconds: set 900 to 43200 (AWS), or remove it for the role's default.");
        }

        var endpoint = StsEndpoint.Resolve(config, name);
        if (config.Get(name, "web_identity_token_file") is { } tokenFile)
        {
            return await WebIdentity.AssumeAsync(clock, tokenFile, roleArn, sessionName, duration, endpoint, $"web identity {roleArn} (profile {name})", where, cancellationToken).ConfigureAwait(false);
        }

        if (config.Get(name, "mfa_serial") is not null)
        {
            throw new CredentialSourceException($"{where}: mfa_serial is set, and an MFA code cannot be asked for here: run `aws sts assume-role ... --serial-number ... --token-code ...` and put the temporary keys in the environment, or use a profile without MFA.");
        }

        AwsCredentials source;
        string? sourceProfile = config.Get(name, "source_profile");
        string? credentialSource = config.Get(name, "credential_source");
        if (sourceProfile is not null && credentialSource is not null)
        {
            throw new CredentialSourceException($"{where}: both source_profile and credential_source are set: keep one.");
        }

        if (sourceProfile is not null)
        {
            if (sourceProfile == name)
            {
                source = StaticKeys(config, name, fromConfig: false) ?? StaticKeys(config, name, fromConfig: true)
                    ?? throw new CredentialSourceException($"{where}: source_profile names the profile itself, which has no aws_access_key_id and aws_secret_access_key: add them, or name another profile.");
            }
            else if (visited.Contains(sourceProfile) || visited.Count >= MaxChain)
            {
                throw new CredentialSourceException($"{where}: source_profile {ThrowHelper.Show(sourceProfile)} leads back to a profile already in the chain ({string.Join(" -> ", visited)} -> {sourceProfile}): break the loop.");
            }
            else
            {
                source = await ResolveAsync(config, sourceProfile, visited, cancellationToken).ConfigureAwait(false)
                    ?? throw new CredentialSourceException($"{where}: its source_profile {ThrowHelper.Show(sourceProfile)} has no credentials in {SharedConfig.Shown(config.CredentialsFile, "credentials")} or {SharedConfig.Shown(config.ConfigFile, "config")}: add keys (or a role) to that profile.");
            }
        }
        else if (credentialSource is not null)
        {
            source = await FromCredentialSourceAsync(credentialSource, where, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            throw new CredentialSourceException($"{where}: role_arn is set without source_profile, credential_source or web_identity_token_file: add one saying which credentials assume the role.");
        }

        string session = StsCalls.SessionName(sessionName, clock, where);
        try
        {
            return await StsCalls.AssumeRoleAsync(source, endpoint, roleArn, session, duration, config.Get(name, "external_id"), sourceName, cancellationToken).ConfigureAwait(false);
        }
        catch (StsException ex)
        {
            throw new CredentialSourceException($"{where}: assuming role {roleArn} with credentials of {source.Source} (access key {source.AccessKeyId}) failed: {ex.Message}", ex);
        }
    }

    private async Task<AwsCredentials> FromCredentialSourceAsync(string credentialSource, string where, CancellationToken cancellationToken)
    {
        var tried = new List<string>();
        AwsCredentials? found = credentialSource switch
        {
            "Environment" => EnvironmentSource.Read(environment),
            "Ec2InstanceMetadata" => await new ImdsSource(environment, null).TryGetAsync(tried, cancellationToken).ConfigureAwait(false),
            "EcsContainer" => await new ContainerSource(environment).TryGetAsync(tried, cancellationToken).ConfigureAwait(false),
            _ => throw new CredentialSourceException($"{where}: credential_source {ThrowHelper.Show(credentialSource)} is not known: use Environment, Ec2InstanceMetadata or EcsContainer."),
        };
        return found ?? throw new CredentialSourceException($"{where}: credential_source {credentialSource} gave no credentials{(tried.Count > 0 ? " (" + string.Join("; ", tried) + ")" : " (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY not set)")}.");
    }

    /// <summary>Static keys of <paramref name="name"/> in one of the files, or null.</summary>
    internal static AwsCredentials? StaticKeys(SharedConfig config, string name, bool fromConfig)
    {
        string? Get(string key) => fromConfig ? config.ConfigGet(name, key) : config.CredentialsGet(name, key); // null when empty
        if (Get("aws_access_key_id") is not { } id || Get("aws_secret_access_key") is not { } secret)
        {
            return null;
        }

        string source = $"profile {name} in {(fromConfig ? config.ConfigFile : config.CredentialsFile)}";
        return new AwsCredentials(id, secret, Get("aws_session_token"), $"aws_access_key_id of {source}", $"aws_secret_access_key of {source}", $"aws_session_token of {source}") { Source = source };
    }
}
