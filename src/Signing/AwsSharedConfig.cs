using Signing.Internal;
using Signing.Internal.Credentials;

namespace Signing;

/// <summary>A setting found in the environment or the shared config file, and where it was found (for messages).</summary>
/// <param name="Value">The value, trimmed.</param>
/// <param name="Source">Where it came from, such as <c>AWS_ENDPOINT_URL_S3</c> or <c>endpoint_url of profile dev in /home/me/.aws/config</c>.</param>
public sealed record ConfigSetting(string Value, string Source);

/// <summary>
/// Settings of the shared config file (<c>AWS_CONFIG_FILE</c> or <c>~/.aws/config</c>) besides
/// credentials and region, with the AWS CLI's environment variables and precedence: the endpoint
/// URL of a service and the CA bundle.
/// </summary>
public static class AwsSharedConfig
{
    /// <summary>
    /// The configured endpoint of a service, in the order of the AWS SDKs and CLI ("Service-specific
    /// endpoints" of the AWS SDKs and Tools Reference Guide): <c>AWS_ENDPOINT_URL_&lt;SERVICE&gt;</c>,
    /// <c>AWS_ENDPOINT_URL</c>, <c>endpoint_url</c> under the service's key in the
    /// <c>[services NAME]</c> section the profile names (<c>services = NAME</c>), then the profile's
    /// own <c>endpoint_url</c>. None of them when <c>AWS_IGNORE_CONFIGURED_ENDPOINT_URLS</c> (or, when
    /// it is not set, the profile's <c>ignore_configured_endpoint_urls</c>) is <c>true</c>. An
    /// endpoint passed explicitly (a command-line flag, code) goes before all of these: the caller's part.
    /// </summary>
    /// <param name="serviceId">The service identifier, such as <c>s3</c> or <c>sts</c> (<c>AWS_ENDPOINT_URL_S3</c>, key <c>s3</c>).</param>
    /// <param name="profile">The profile name; null follows <c>AWS_PROFILE</c>, else <c>default</c>.</param>
    /// <param name="environment">Where to read from; default the process environment and home directory.</param>
    /// <returns>The URL as written (not checked here) and where it came from, or null when none is configured.</returns>
    /// <exception cref="ArgumentException"><paramref name="serviceId"/> is empty.</exception>
    /// <exception cref="CredentialsNotFoundException">The config file is too large or cannot be read.</exception>
    public static ConfigSetting? ResolveEndpointUrl(string serviceId, string? profile = null, CredentialEnvironment? environment = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(serviceId);
        environment ??= CredentialEnvironment.System;
        string variable = "AWS_ENDPOINT_URL_" + serviceId.Trim().Replace(' ', '_').ToUpperInvariant();
        string key = serviceId.Trim().Replace(' ', '_').ToLowerInvariant();
        var (config, section, name) = Profile(profile, environment);
        string? ignore = SourceText.NonEmpty(environment.GetVariable("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS")) ?? config?.Get(section, "ignore_configured_endpoint_urls");
        if (SourceText.IsTrue(ignore))
        {
            return null;
        }

        foreach (string v in (ReadOnlySpan<string>)[variable, "AWS_ENDPOINT_URL"])
        {
            if (SourceText.NonEmpty(environment.GetVariable(v)) is { } value)
            {
                return new ConfigSetting(value, v);
            }
        }

        if (config is null)
        {
            return null;
        }

        if (config.Get(section, "services") is { } services && config.Get("services " + services.Trim(), key + ".endpoint_url") is { } serviceUrl)
        {
            return new ConfigSetting(serviceUrl, $"endpoint_url of {key} in [services {services.Trim()}] in {environment.ConfigFile}");
        }

        return config.Get(section, "endpoint_url") is { } url
            ? new ConfigSetting(url, $"endpoint_url of profile {name} in {environment.ConfigFile}")
            : null;
    }

    /// <summary>
    /// The CA bundle to trust, as the AWS CLI finds it: <c>AWS_CA_BUNDLE</c>, else the profile's
    /// <c>ca_bundle</c> (a <c>--ca-bundle</c> flag goes first: the caller's part). A leading <c>~/</c>
    /// is the home directory. The path is not checked here (read it with <c>TlsTrust.LoadCaBundle</c> of Signing.S3, or your own reader).
    /// </summary>
    /// <param name="profile">The profile name; null follows <c>AWS_PROFILE</c>, else <c>default</c>.</param>
    /// <param name="environment">Where to read from; default the process environment and home directory.</param>
    /// <returns>The path and where it came from, or null when none is configured.</returns>
    /// <exception cref="CredentialsNotFoundException">The config file is too large or cannot be read.</exception>
    public static ConfigSetting? ResolveCaBundle(string? profile = null, CredentialEnvironment? environment = null)
    {
        environment ??= CredentialEnvironment.System;
        if (SourceText.NonEmpty(environment.GetVariable("AWS_CA_BUNDLE")) is { } variable)
        {
            return new ConfigSetting(environment.ExpandHome(variable), "AWS_CA_BUNDLE");
        }

        var (config, section, name) = Profile(profile, environment);
        return config?.Get(section, "ca_bundle") is { } path
            ? new ConfigSetting(environment.ExpandHome(path), $"ca_bundle of profile {name} in {environment.ConfigFile}")
            : null;
    }

    /// <summary>The config file (null when there is none) and the profile's section and name.</summary>
    private static (IniFile? Config, string Section, string Name) Profile(string? profile, CredentialEnvironment environment)
    {
        string name = profile ?? SourceText.NonEmpty(environment.GetVariable("AWS_PROFILE")) ?? "default";
        return (IniFile.TryRead(environment.ConfigFile), SharedConfig.ConfigSection(name), name);
    }
}
