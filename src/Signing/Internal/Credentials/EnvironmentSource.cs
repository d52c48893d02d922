namespace Signing.Internal.Credentials;

/// <summary><c>AWS_ACCESS_KEY_ID</c>, <c>AWS_SECRET_ACCESS_KEY</c> and <c>AWS_SESSION_TOKEN</c>.</summary>
internal sealed class EnvironmentSource(CredentialEnvironment environment) : CredentialSource
{
    public override Task<AwsCredentials?> TryGetAsync(List<string> tried, CancellationToken cancellationToken)
    {
        var found = Read(environment);
        if (found is null)
        {
            bool id = SourceText.NonEmpty(environment.GetVariable("AWS_ACCESS_KEY_ID")) is not null;
            bool secret = SourceText.NonEmpty(environment.GetVariable("AWS_SECRET_ACCESS_KEY")) is not null;
            tried.Add($"environment: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY ({(id ? "AWS_SECRET_ACCESS_KEY not set" : secret ? "AWS_ACCESS_KEY_ID not set" : "not set")})");
        }

        return Task.FromResult(found);
    }

    /// <summary>The credentials, or null when the key id and secret are not both set.</summary>
    /// <exception cref="ArgumentException">A variable holds no valid credential (named, never shown).</exception>
    public static AwsCredentials? Read(CredentialEnvironment environment)
    {
        string? id = SourceText.NonEmpty(environment.GetVariable("AWS_ACCESS_KEY_ID"));
        string? secret = SourceText.NonEmpty(environment.GetVariable("AWS_SECRET_ACCESS_KEY"));
        if (id is null || secret is null)
        {
            return null;
        }

        DateTimeOffset? expiration = CredentialJson.ParseTime(SourceText.NonEmpty(environment.GetVariable("AWS_CREDENTIAL_EXPIRATION")));
        return new AwsCredentials(id, secret, SourceText.NonEmpty(environment.GetVariable("AWS_SESSION_TOKEN")), "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN")
        {
            Source = "environment",
            Expiration = expiration,
        };
    }
}
