namespace Signing.Internal.Credentials;

/// <summary>
/// The chain as one source: the first time, each place in order until one gives credentials; after
/// that, only that place (as the SDKs refresh through the provider that found the credentials).
/// </summary>
internal sealed class ChainSource : IAwsCredentialsProvider
{
    private readonly CredentialSource[] _sources;
    private volatile CredentialSource? _chosen;

    public ChainSource(string? profile, CredentialEnvironment environment, TimeProvider clock)
    {
        string name = profile ?? SourceText.NonEmpty(environment.GetVariable("AWS_PROFILE")) ?? "default";
        CheckProfile(name);
        var sources = new List<CredentialSource>();
        if (profile is null)
        {
            // An explicit profile (--profile) reads the shared files, not the environment's keys (AWS CLI).
            sources.Add(new EnvironmentSource(environment));
            sources.Add(new WebIdentityEnvironmentSource(environment, clock, name));
        }

        sources.Add(new ProfileSource(name, environment, clock));
        sources.Add(new ContainerSource(environment));
        sources.Add(new ImdsSource(environment, name));
        _sources = [.. sources];
    }

    public async ValueTask<AwsCredentials> GetCredentialsAsync(CancellationToken cancellationToken = default)
    {
        var tried = new List<string>();
        try
        {
            if (_chosen is { } chosen)
            {
                return await chosen.TryGetAsync(tried, cancellationToken).ConfigureAwait(false) ?? throw NotFound(tried);
            }

            foreach (var source in _sources)
            {
                if (await source.TryGetAsync(tried, cancellationToken).ConfigureAwait(false) is { } found)
                {
                    _chosen = source;
                    return found;
                }
            }
        }
        catch (CredentialSourceException ex)
        {
            throw new CredentialsNotFoundException(
                $"AWS credentials could not be obtained: {ex.Message}{(tried.Count > 0 ? " Tried before it: " + Numbered(tried) + "." : string.Empty)}",
                [.. tried, ex.Message],
                ex.InnerException ?? ex);
        }

        throw NotFound(tried);
    }

    public override string ToString() => _chosen is { } c ? $"credential chain (using {c.GetType().Name.Replace("Source", string.Empty, StringComparison.Ordinal)})" : "credential chain";

    private static CredentialsNotFoundException NotFound(List<string> tried) => new(
        $"No AWS credentials found. Tried, in order: {Numbered(tried)}. " +
        "Fix: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or add the profile to ~/.aws/credentials or ~/.aws/config (keys, role_arn, sso_session or credential_process), or pass credentials explicitly.",
        [.. tried],
        null);

    private static string Numbered(List<string> tried) => string.Join("; ", tried.Select((t, i) => $"({i + 1}) {t}"));

    public static void CheckProfile(string profile)
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
    }
}
