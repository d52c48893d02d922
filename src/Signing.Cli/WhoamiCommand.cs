using System.Globalization;

namespace Signing.Cli;

/// <summary><c>sigv whoami</c> (or <c>sigv credentials</c>): which credentials the chain finds, never their secret.</summary>
internal static class WhoamiCommand
{
    public const string Help = """
        Usage: sigv whoami [--profile NAME] [--user ACCESS_KEY:SECRET_KEY] [--session-token TOKEN]
               (also: sigv credentials)

        Prints where the credentials come from, the access key id, whether there is a session token,
        and when they expire. Never the secret key or the token. Nothing is sent to AWS beyond what
        the source itself needs (STS for a role, the SSO portal, the container or EC2 endpoint).

        Sources, in the AWS CLI's order: --user; AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY
        (AWS_SESSION_TOKEN); AWS_WEB_IDENTITY_TOKEN_FILE + AWS_ROLE_ARN; the profile (--profile,
        AWS_PROFILE, else default): static keys, role_arn with source_profile / credential_source /
        web_identity_token_file, sso_session, credential_process; container credentials
        (AWS_CONTAINER_CREDENTIALS_RELATIVE_URI / _FULL_URI); EC2 instance metadata (IMDSv2).
        With none, every source tried is listed with why it gave none (exit 3).

        Examples:
          sigv whoami
          sigv whoami --profile dev
        """;

    public static int Run(string[] args, TextWriter stdout, TimeProvider? clock = null)
    {
        var flags = new SigningFlags();
        var reader = new ArgReader(args);
        while (reader.More)
        {
            string arg = reader.Next();
            if (ArgReader.FlagName(arg) is "-h" or "--help")
            {
                stdout.WriteLine(Help);
                return ExitCodes.Ok;
            }

            UsageException.ThrowIf(ArgReader.FlagName(arg) is not ("--profile" or "--user" or "-u" or "--session-token") || !flags.TryTake(arg, reader), $"whoami: unknown argument {CliText.Show(ArgReader.FlagName(arg))}; see 'sigv whoami --help'.");
        }

        var credentials = CliCredentials.Resolve(flags);
        var now = (clock ?? TimeProvider.System).GetUtcNow();
        stdout.WriteLine($"source: {credentials.Source}");
        stdout.WriteLine($"access key id: {credentials.AccessKeyId}");
        stdout.WriteLine($"session token: {(credentials.SessionToken is null ? "none" : "yes (not shown)")}");
        stdout.WriteLine($"expires: {Expiry(credentials.Expiration, now)}");
        return ExitCodes.Ok;
    }

    private static string Expiry(DateTimeOffset? expiration, DateTimeOffset now)
    {
        if (expiration is not { } e)
        {
            return "never (long-term keys)";
        }

        string at = e.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var left = e - now;
        return left <= TimeSpan.Zero ? $"{at} (expired)"
            : left < TimeSpan.FromMinutes(2) ? $"{at} (in {(int)left.TotalSeconds} s)"
            : left < TimeSpan.FromHours(2) ? $"{at} (in {(int)left.TotalMinutes} min)"
            : left < TimeSpan.FromHours(48) ? $"{at} (in {left.TotalHours.ToString("0.#", CultureInfo.InvariantCulture)} h)"
            : $"{at} (in {(int)left.TotalDays} days)";
    }
}
