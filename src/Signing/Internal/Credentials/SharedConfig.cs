namespace Signing.Internal.Credentials;

/// <summary>
/// The two shared files read together, as the AWS CLI merges them: a profile's setting from the
/// credentials file (<c>[NAME]</c>) wins over the config file (<c>[profile NAME]</c>, or
/// <c>[default]</c>). Read afresh for each resolution, so an edited file is seen at the next refresh.
/// </summary>
internal sealed class SharedConfig
{
    private readonly IniFile? _credentials;
    private readonly IniFile? _config;

    public SharedConfig(CredentialEnvironment environment)
    {
        Environment = environment;
        CredentialsFile = environment.CredentialsFile;
        ConfigFile = environment.ConfigFile;
        _credentials = IniFile.TryRead(CredentialsFile);
        _config = IniFile.TryRead(ConfigFile);
    }

    public CredentialEnvironment Environment { get; }

    public string CredentialsFile { get; }

    public string ConfigFile { get; }

    public bool HasCredentialsFile => _credentials is not null;

    public bool HasConfigFile => _config is not null;

    public static string ConfigSection(string profile) => profile == "default" ? "default" : "profile " + profile;

    /// <summary>A setting of <paramref name="profile"/>: the credentials file first, then the config file; null when unset or empty.</summary>
    public string? Get(string profile, string key) => _credentials?.Get(profile, key) ?? ConfigGet(profile, key);

    /// <summary>A setting of <paramref name="profile"/> in the config file only.</summary>
    public string? ConfigGet(string profile, string key) => _config?.Get(ConfigSection(profile), key);

    /// <summary>A setting of <paramref name="profile"/> in the credentials file only.</summary>
    public string? CredentialsGet(string profile, string key) => _credentials?.Get(profile, key);

    /// <summary>A setting of another section of the config file, such as <c>sso-session NAME</c>.</summary>
    public string? Section(string section, string key) => _config?.Get(section, key);

    /// <summary>Which file holds <paramref name="key"/> of <paramref name="profile"/>, with the section, for messages.</summary>
    public string Where(string profile, string key) =>
        _credentials?.Get(profile, key) is not null ? $"{Shown(CredentialsFile, "credentials")} [{profile}]" : $"{Shown(ConfigFile, "config")} [{ConfigSection(profile)}]";

    public static string Shown(string file, string name) => file.Length == 0 ? $"~/.aws/{name} (not read: no home directory)" : file;
}
