namespace Signing.Cli;

/// <summary>
/// Credentials from --user (and --session-token), else the library's chain (environment, web
/// identity, profile with roles, SSO and credential_process, container, EC2). Every secret found,
/// renewed ones too, is handed to <see cref="RunContext"/> for redaction, and no message here shows
/// a credential value: an access key id may be a secret typed in the wrong place.
/// </summary>
internal static class CliCredentials
{
    /// <summary>
    /// The chain's provider behind the last credentials <see cref="Resolve(string?, string?, string?)"/>
    /// found in this run, when they expire (so long transfers renew them); null otherwise.
    /// </summary>
    private static readonly AsyncLocal<IAwsCredentialsProvider?> Renewing = new();

    /// <summary>A provider that renews <paramref name="credentials"/> when they came from the chain and expire; else null.</summary>
    public static IAwsCredentialsProvider? RenewingProvider(AwsCredentials? credentials) =>
        credentials?.Expiration is not null && Renewing.Value is { } provider ? provider : null;

    public static AwsCredentials Resolve(SigningFlags flags) => Resolve(flags.User, flags.SessionToken, flags.Profile);

    /// <summary>Credentials from <paramref name="user"/> (<c>ACCESS_KEY:SECRET_KEY</c>) if given, else the chain for <paramref name="profile"/>; <paramref name="sessionToken"/> replaces the found token.</summary>
    /// <exception cref="UsageException">--user is malformed, or the credentials found are (values never shown).</exception>
    /// <exception cref="CredentialsNotFoundException">No credentials anywhere.</exception>
    public static AwsCredentials Resolve(string? user, string? sessionToken, string? profile)
    {
        RunContext.Current?.AddSecret(sessionToken);
        if (user is not null)
        {
            // Split at the last colon: S3-compatible access keys may hold one (Swift's account:user);
            // AWS secrets never do.
            int colon = user.LastIndexOf(':');
            UsageException.ThrowIf(colon <= 0 || colon == user.Length - 1, "--user is not ACCESS_KEY:SECRET_KEY (value not shown).");

            RunContext.Current?.AddSecret(user[(colon + 1)..]);
            return Create(user[..colon], user[(colon + 1)..], sessionToken, "--user", "explicit");
        }

        AwsCredentials found;
        try
        {
            var run = RunContext.Current;
            var chain = AwsCredentialChain.CreateProvider(profile);
            var redacting = new RedactingProvider(chain, run);
            found = Task.Run(() => redacting.GetCredentialsAsync().AsTask()).GetAwaiter().GetResult();
            Renewing.Value = sessionToken is null ? redacting : null;
        }
        catch (ArgumentException)
        {
            // The library's message may quote the value (an access key id that is really a secret).
            throw new UsageException(Malformed(profile));
        }

        // The redacting provider has handed the run the secret and token found.
        return sessionToken is null ? found : Create(found.AccessKeyId, found.SecretAccessKey, sessionToken, "--session-token", found.Source);
    }

    /// <summary>
    /// As <see cref="Resolve(string?, string?, string?)"/>, but null when no credentials are found
    /// anywhere and none were asked for (<c>sigv curl</c> then sends the request unsigned, as curl).
    /// </summary>
    public static AwsCredentials? TryResolve(SigningFlags flags)
    {
        try
        {
            return Resolve(flags);
        }
        catch (CredentialsNotFoundException)
        {
            return null;
        }
    }

    private static AwsCredentials Create(string accessKeyId, string secret, string? sessionToken, string source, string sourceName)
    {
        foreach (char c in accessKeyId)
        {
            if (c <= ' ' || c >= 0x7F || c == '/')
            {
                throw new UsageException($"{source}: the access key id contains {(CliText.IsControl(c) ? CliText.Describe(c) : c == '/' ? "'/'" : c == ' ' ? "a space" : "a non-ASCII character")} (value not shown: it may be a secret): an access key id is printable ASCII without spaces or '/', such as AKIAIOSFODNN7EXAMPLE; check that the access key and the secret are not swapped.");
            }
        }

        try
        {
            return new AwsCredentials(accessKeyId, secret, sessionToken) { Source = sourceName };
        }
        catch (ArgumentException)
        {
            throw new UsageException($"{source}: the secret key or session token contains white space, a control or a non-ASCII character (value not shown): check for a stray newline or quote around it.");
        }
    }

    /// <summary>Which credentials were malformed, without their values.</summary>
    private static string Malformed(string? profile)
    {
        bool fromEnvironment = profile is null
            && !string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable("AWS_ACCESS_KEY_ID"))
            && !string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable("AWS_SECRET_ACCESS_KEY"));
        string where = fromEnvironment
            ? "AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY or AWS_SESSION_TOKEN"
            : $"the profile {CliText.Show(profile ?? Environment.GetEnvironmentVariable("AWS_PROFILE") ?? "default")} in ~/.aws/credentials or ~/.aws/config";
        return $"the credentials in {where} are malformed (values not shown): an access key id is printable ASCII without spaces or '/', a secret and a token hold no white space; check for a stray newline or quote, or an access key and secret that are swapped.";
    }

    /// <summary>Hands every secret a provider returns (renewed ones too) to the run for redaction.</summary>
    private sealed class RedactingProvider(IAwsCredentialsProvider inner, RunContext? run) : IAwsCredentialsProvider
    {
        public async ValueTask<AwsCredentials> GetCredentialsAsync(CancellationToken cancellationToken = default)
        {
            var credentials = await inner.GetCredentialsAsync(cancellationToken).ConfigureAwait(false);
            run?.AddSecret(credentials.SecretAccessKey);
            run?.AddSecret(credentials.SessionToken);
            return credentials;
        }

        public override string ToString() => inner.ToString() ?? "credential chain";
    }
}
