namespace Signing.Cli;

/// <summary>Credentials from --user (and --session-token), else the library's chain (environment, then profile files).</summary>
internal static class CliCredentials
{
    public static AwsCredentials Resolve(SigningFlags flags)
    {
        if (flags.User is { } user)
        {
            // Split at the last colon: S3-compatible access keys may hold one (Swift's account:user);
            // AWS secrets never do.
            int colon = user.LastIndexOf(':');
            if (colon <= 0 || colon == user.Length - 1)
            {
                throw new UsageException("--user is not ACCESS_KEY:SECRET_KEY (value not shown).");
            }

            return new AwsCredentials(user[..colon], user[(colon + 1)..], flags.SessionToken);
        }

        var found = AwsCredentialChain.Resolve(flags.Profile);
        return flags.SessionToken is null ? found : new AwsCredentials(found.AccessKeyId, found.SecretAccessKey, flags.SessionToken) { Source = found.Source };
    }
}
