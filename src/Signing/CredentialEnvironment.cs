namespace Signing;

/// <summary>
/// Where credential sources are read from: environment variables and the home directory.
/// Replace it in tests; <see cref="System"/> reads the real process environment.
/// </summary>
public sealed class CredentialEnvironment
{
    /// <summary>Creates an environment from a variable lookup and a home directory.</summary>
    /// <param name="getVariable">Returns an environment variable's value, or null.</param>
    /// <param name="homeDirectory">The user's home directory (for <c>~/.aws</c>).</param>
    public CredentialEnvironment(Func<string, string?> getVariable, string homeDirectory)
    {
        ArgumentNullException.ThrowIfNull(getVariable);
        ArgumentNullException.ThrowIfNull(homeDirectory);
        GetVariable = getVariable;
        HomeDirectory = homeDirectory;
    }

    /// <summary>The real process environment and the user's home directory.</summary>
    public static CredentialEnvironment System { get; } = new(
        Environment.GetEnvironmentVariable,
        Environment.GetFolderPath(Environment.SpecialFolder.UserProfile));

    /// <summary>Returns an environment variable's value, or null.</summary>
    public Func<string, string?> GetVariable { get; }

    /// <summary>The home directory.</summary>
    public string HomeDirectory { get; }

    /// <summary>The shared credentials file: <c>AWS_SHARED_CREDENTIALS_FILE</c>, else <c>~/.aws/credentials</c>.</summary>
    public string CredentialsFile => Expand(GetVariable("AWS_SHARED_CREDENTIALS_FILE")) ?? Path.Combine(HomeDirectory, ".aws", "credentials");

    /// <summary>The shared config file: <c>AWS_CONFIG_FILE</c>, else <c>~/.aws/config</c>.</summary>
    public string ConfigFile => Expand(GetVariable("AWS_CONFIG_FILE")) ?? Path.Combine(HomeDirectory, ".aws", "config");

    private string? Expand(string? path) =>
        string.IsNullOrEmpty(path) ? null
        : path.StartsWith("~/", StringComparison.Ordinal) ? Path.Combine(HomeDirectory, path[2..])
        : path;
}
