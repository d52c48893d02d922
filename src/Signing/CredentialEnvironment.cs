namespace Signing;

/// <summary>
/// Where credential sources are read from: environment variables and the home directory.
/// Replace it in tests; null where one is taken means the real process environment.
/// </summary>
public sealed class CredentialEnvironment
{
    /// <summary>Creates an environment from a variable lookup and a home directory.</summary>
    /// <param name="getVariable">Returns an environment variable's value, or null.</param>
    /// <param name="homeDirectory">
    /// The user's home directory (for <c>~/.aws</c>): an absolute path, or empty when there is none
    /// (then only files named by <c>AWS_SHARED_CREDENTIALS_FILE</c> and <c>AWS_CONFIG_FILE</c> are read,
    /// never a <c>.aws</c> folder relative to the current directory).
    /// </param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="homeDirectory"/> is not an absolute path.</exception>
    public CredentialEnvironment(Func<string, string?> getVariable, string homeDirectory)
    {
        ArgumentNullException.ThrowIfNull(getVariable);
        ArgumentNullException.ThrowIfNull(homeDirectory);
        if (homeDirectory.Length > 0 && !Path.IsPathFullyQualified(homeDirectory))
        {
            Internal.ThrowHelper.Argument(nameof(homeDirectory), $"homeDirectory {Internal.ThrowHelper.Show(homeDirectory)} is not an absolute path: pass the user's home directory, such as /home/me, or empty when there is none.");
        }

        GetVariable = getVariable;
        HomeDirectory = homeDirectory;
    }

    /// <summary>The real process environment and the user's home directory (empty when it cannot be found).</summary>
    internal static CredentialEnvironment System { get; } = new(
        Environment.GetEnvironmentVariable,
        Environment.GetFolderPath(Environment.SpecialFolder.UserProfile) is { } home && Path.IsPathFullyQualified(home) ? home : string.Empty);

    /// <summary>Returns an environment variable's value, or null.</summary>
    public Func<string, string?> GetVariable { get; }

    /// <summary>The home directory: an absolute path, or empty when there is none.</summary>
    public string HomeDirectory { get; }

    /// <summary>The shared credentials file: <c>AWS_SHARED_CREDENTIALS_FILE</c>, else <c>~/.aws/credentials</c>; empty when that needs a home directory and there is none.</summary>
    public string CredentialsFile => Expand(GetVariable("AWS_SHARED_CREDENTIALS_FILE")) ?? InHome(".aws", "credentials");

    /// <summary>The shared config file: <c>AWS_CONFIG_FILE</c>, else <c>~/.aws/config</c>; empty when that needs a home directory and there is none.</summary>
    public string ConfigFile => Expand(GetVariable("AWS_CONFIG_FILE")) ?? InHome(".aws", "config");

    /// <summary>A path with a leading <c>~/</c> put under the home directory (as the AWS CLI reads file settings); as given when there is no home directory.</summary>
    internal string ExpandHome(string path) =>
        path.StartsWith("~/", StringComparison.Ordinal) && HomeDirectory.Length > 0 ? InHome(path[2..]) : path;

    private string? Expand(string? path) =>
        string.IsNullOrEmpty(path) ? null
        : path.StartsWith("~/", StringComparison.Ordinal) ? InHome(path[2..])
        : path;

    // Never a path relative to the current directory, which may hold anyone's .aws folder.
    private string InHome(params string[] parts) => HomeDirectory.Length == 0 ? string.Empty : Path.Combine([HomeDirectory, .. parts]);
}
