namespace Signing.Cli;

/// <summary>
/// Credentials from --user (and --session-token), else the library's chain (environment, then
/// profile files). Every secret found is handed to <see cref="RunContext"/> for redaction, and no
/// message here shows a credential value: an access key id may be a secret typed in the wrong place.
/// </summary>
internal static class CliCredentials
{
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
            if (colon <= 0 || colon == user.Length - 1)
            {
                throw new UsageException("--user is not ACCESS_KEY:SECRET_KEY (value not shown).");
            }

            RunContext.Current?.AddSecret(user[(colon + 1)..]);
            return Create(user[..colon], user[(colon + 1)..], sessionToken, "the access key id of --user", "the secret key of --user", "explicit");
        }

        AwsCredentials found;
        try
        {
            found = AwsCredentialChain.Resolve(profile);
        }
        catch (ArgumentException e)
        {
            // The library names the variable, or the file and key, that holds a bad credential, never its value.
            throw new UsageException(CliText.Message(e));
        }

        RunContext.AddSecrets(found);
        return sessionToken is null ? found : Create(found.AccessKeyId, found.SecretAccessKey, sessionToken, "the access key id", "the secret key", found.Source);
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

    /// <summary>Credentials checked by the library, whose messages name <paramref name="idName"/> or <paramref name="secretName"/> and never show a value.</summary>
    private static AwsCredentials Create(string accessKeyId, string secret, string? sessionToken, string idName, string secretName, string sourceName)
    {
        try
        {
            return new AwsCredentials(accessKeyId, secret, sessionToken, idName, secretName, "--session-token") { Source = sourceName };
        }
        catch (ArgumentException e)
        {
            throw new UsageException(CliText.Message(e));
        }
    }
}
