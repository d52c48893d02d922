using Signing.Internal;

namespace Signing;

/// <summary>The credentials could not be found; the message lists every place that was looked at.</summary>
public sealed class CredentialsNotFoundException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What was looked at and how to provide credentials.</param>
    public CredentialsNotFoundException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public CredentialsNotFoundException()
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public CredentialsNotFoundException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>
/// Finds credentials the way the AWS CLI does: an explicit profile reads only the shared files;
/// otherwise <c>AWS_ACCESS_KEY_ID</c> / <c>AWS_SECRET_ACCESS_KEY</c> / <c>AWS_SESSION_TOKEN</c>
/// first, then the profile <c>AWS_PROFILE</c> (else <c>default</c>) from the shared credentials
/// file (<c>AWS_SHARED_CREDENTIALS_FILE</c> or <c>~/.aws/credentials</c>), then from the config
/// file (<c>AWS_CONFIG_FILE</c> or <c>~/.aws/config</c>).
/// </summary>
public static class AwsCredentialChain
{
    /// <summary>Resolves credentials, or throws <see cref="CredentialsNotFoundException"/> saying where it looked.</summary>
    /// <param name="profile">A profile name chosen explicitly (like <c>--profile</c>); null to follow the environment.</param>
    /// <param name="environment">Where to read from; default <see cref="CredentialEnvironment.System"/>.</param>
    /// <returns>The credentials, with <see cref="AwsCredentials.Source"/> saying where they came from.</returns>
    /// <exception cref="CredentialsNotFoundException">No credentials anywhere, or a shared file is too large or cannot be read.</exception>
    /// <exception cref="ArgumentException">The profile name, or a credential found, is not valid; the message names the variable or the file and key, never the value.</exception>
    public static AwsCredentials Resolve(string? profile = null, CredentialEnvironment? environment = null)
    {
        environment ??= CredentialEnvironment.System;
        var looked = new List<string>();
        if (profile is null)
        {
            var fromEnvironment = FromEnvironment(environment);
            if (fromEnvironment is not null)
            {
                return fromEnvironment;
            }

            looked.Add("environment variables AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (not set)");
        }

        string name = profile ?? NonEmpty(environment.GetVariable("AWS_PROFILE")) ?? "default";
        var fromFiles = FromProfile(name, environment, looked);
        if (fromFiles is not null)
        {
            return fromFiles;
        }

        throw new CredentialsNotFoundException(
            $"No AWS credentials found. Looked at: {string.Join("; ", looked)}. " +
            "Fix: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or add the profile to ~/.aws/credentials, or pass credentials explicitly.");
    }

    /// <summary>Credentials from <c>AWS_ACCESS_KEY_ID</c>, <c>AWS_SECRET_ACCESS_KEY</c> and <c>AWS_SESSION_TOKEN</c>, or null when the first two are not both set.</summary>
    /// <param name="environment">Where to read from; default <see cref="CredentialEnvironment.System"/>.</param>
    /// <returns>The credentials or null.</returns>
    /// <exception cref="ArgumentException">A variable holds a value that is no valid credential; the message names the variable, never the value.</exception>
    public static AwsCredentials? FromEnvironment(CredentialEnvironment? environment = null)
    {
        environment ??= CredentialEnvironment.System;
        string? id = NonEmpty(environment.GetVariable("AWS_ACCESS_KEY_ID"));
        string? secret = NonEmpty(environment.GetVariable("AWS_SECRET_ACCESS_KEY"));
        if (id is null || secret is null)
        {
            return null;
        }

        return new AwsCredentials(id, secret, NonEmpty(environment.GetVariable("AWS_SESSION_TOKEN")), "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN") { Source = "environment" };
    }

    /// <summary>Credentials of profile <paramref name="profile"/> from the shared credentials file, else the config file; null when neither has them.</summary>
    /// <param name="profile">The profile name, such as <c>default</c>.</param>
    /// <param name="environment">Where to read from; default <see cref="CredentialEnvironment.System"/>.</param>
    /// <returns>The credentials or null.</returns>
    /// <exception cref="CredentialsNotFoundException">A shared file is too large or cannot be read.</exception>
    /// <exception cref="ArgumentException">The profile name, or a credential in the file, is not valid; the message names the file and key, never the value.</exception>
    public static AwsCredentials? FromProfile(string profile, CredentialEnvironment? environment = null) =>
        FromProfile(profile, environment ?? CredentialEnvironment.System, []);

    /// <summary>The region of profile <paramref name="profile"/>: <c>AWS_REGION</c>, <c>AWS_DEFAULT_REGION</c>, else the profile's <c>region</c> in the config file; null when none is set.</summary>
    /// <param name="profile">The profile name; null follows <c>AWS_PROFILE</c>, else <c>default</c>.</param>
    /// <param name="environment">Where to read from; default <see cref="CredentialEnvironment.System"/>.</param>
    /// <returns>The region or null.</returns>
    /// <exception cref="CredentialsNotFoundException">The config file is too large or cannot be read.</exception>
    public static string? ResolveRegion(string? profile = null, CredentialEnvironment? environment = null)
    {
        environment ??= CredentialEnvironment.System;
        string? region = NonEmpty(environment.GetVariable("AWS_REGION")) ?? NonEmpty(environment.GetVariable("AWS_DEFAULT_REGION"));
        if (region is not null)
        {
            return region;
        }

        string name = profile ?? NonEmpty(environment.GetVariable("AWS_PROFILE")) ?? "default";
        var config = IniFile.TryRead(environment.ConfigFile);
        return config?.Get(name == "default" ? "default" : "profile " + name, "region")
            ?? config?.Get(name, "region");
    }

    private static AwsCredentials? FromProfile(string profile, CredentialEnvironment environment, List<string> looked)
    {
        if (string.IsNullOrWhiteSpace(profile))
        {
            ThrowHelper.Argument(nameof(profile), "profile is empty: pass a profile name such as 'default'.");
        }

        foreach (char c in profile)
        {
            if (c < ' ' || c == 0x7F || c is '[' or ']')
            {
                ThrowHelper.Argument(nameof(profile), $"profile {ThrowHelper.Show(profile)} contains {Validate.Describe(c)}: pass a profile name as written between [ and ] in the credentials file, such as 'default'.");
            }
        }

        string credentialsFile = environment.CredentialsFile;
        var credentials = IniFile.TryRead(credentialsFile);
        var found = Read(credentials, profile, $"profile {profile} in {credentialsFile}");
        if (found is not null)
        {
            return found;
        }

        looked.Add($"{Shown(credentialsFile, "credentials")} [{profile}] ({(credentials is null ? "no such file" : "no keys for this profile")})");
        string configFile = environment.ConfigFile;
        var config = IniFile.TryRead(configFile);
        string section = profile == "default" ? "default" : "profile " + profile;
        found = Read(config, section, $"profile {profile} in {configFile}");
        if (found is not null)
        {
            return found;
        }

        looked.Add($"{Shown(configFile, "config")} [{section}] ({(config is null ? "no such file" : "no keys for this profile")})");
        return null;
    }

    private static string Shown(string file, string name) => file.Length == 0 ? $"~/.aws/{name} (not read: no home directory)" : file;

    private static AwsCredentials? Read(IniFile? file, string section, string source)
    {
        string? id = file?.Get(section, "aws_access_key_id");
        string? secret = file?.Get(section, "aws_secret_access_key");
        return id is null || secret is null
            ? null
            : new AwsCredentials(id, secret, file!.Get(section, "aws_session_token"), $"aws_access_key_id of {source}", $"aws_secret_access_key of {source}", $"aws_session_token of {source}") { Source = source };
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
