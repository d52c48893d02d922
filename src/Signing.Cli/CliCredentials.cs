namespace Signing.Cli;

/// <summary>Credentials from --user (and --session-token), else the library's chain (environment, then profile files).</summary>
internal static class CliCredentials
{
    public static AwsCredentials Resolve(SigningFlags flags) => Resolve(flags.User, flags.SessionToken, flags.Profile);

    /// <summary>Credentials from <paramref name="user"/> (<c>ACCESS_KEY:SECRET_KEY</c>) if given, else the chain for <paramref name="profile"/>; <paramref name="sessionToken"/> replaces the found token.</summary>
    public static AwsCredentials Resolve(string? user, string? sessionToken, string? profile)
    {
        if (user is not null)
        {
            // Split at the last colon: S3-compatible access keys may hold one (Swift's account:user);
            // AWS secrets never do.
            int colon = user.LastIndexOf(':');
            if (colon <= 0 || colon == user.Length - 1)
            {
                throw new UsageException("--user is not ACCESS_KEY:SECRET_KEY (value not shown).");
            }

            return new AwsCredentials(user[..colon], user[(colon + 1)..], sessionToken);
        }

        var found = AwsCredentialChain.Resolve(profile);
        return sessionToken is null ? found : new AwsCredentials(found.AccessKeyId, found.SecretAccessKey, sessionToken) { Source = found.Source };
    }
}
