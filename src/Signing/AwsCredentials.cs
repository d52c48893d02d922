namespace Signing;

/// <summary>
/// AWS credentials: an access key id, a secret access key and an optional session token.
/// <see cref="ToString"/> never shows the secret or the token.
/// </summary>
public sealed class AwsCredentials : IAwsCredentialsProvider
{
    /// <summary>Creates credentials, validating each part.</summary>
    /// <param name="accessKeyId">The access key id, such as <c>AKIAIOSFODNN7EXAMPLE</c>; may contain a colon (Swift's <c>account:user</c>). At most 256 characters.</param>
    /// <param name="secretAccessKey">The secret access key. At most 1,024 characters.</param>
    /// <param name="sessionToken">The session token of temporary credentials, or null. At most 65,536 characters.</param>
    /// <exception cref="ArgumentException">
    /// A part is empty, too long, or holds white space, control or non-ASCII characters (or the access
    /// key id a '/'). The message names the part, the kind of character and its position, never the value.
    /// </exception>
    public AwsCredentials(string accessKeyId, string secretAccessKey, string? sessionToken = null)
        : this(accessKeyId, secretAccessKey, sessionToken, nameof(accessKeyId), nameof(secretAccessKey), nameof(sessionToken))
    {
    }

    /// <summary>Creates credentials whose parts came from named places (environment variables, a file), named so in messages.</summary>
    internal AwsCredentials(string accessKeyId, string secretAccessKey, string? sessionToken, string idName, string secretName, string tokenName)
    {
        Internal.Validate.AccessKeyId(accessKeyId, idName);
        Internal.Validate.Secret(secretAccessKey, secretName);
        if (sessionToken is not null)
        {
            Internal.Validate.Secret(sessionToken, tokenName, Internal.Validate.MaxSessionTokenLength);
        }

        AccessKeyId = accessKeyId;
        SecretAccessKey = secretAccessKey;
        SessionToken = sessionToken;
    }

    /// <summary>The access key id (not secret; it appears in every signature).</summary>
    public string AccessKeyId { get; }

    /// <summary>The secret access key. Never logged by this library.</summary>
    public string SecretAccessKey { get; }

    /// <summary>The session token of temporary credentials, or null.</summary>
    public string? SessionToken { get; }

    /// <summary>Where these credentials were found (for diagnostics), such as <c>environment</c> or <c>profile default in ~/.aws/credentials</c>.</summary>
    public string Source { get; init; } = "explicit";

    /// <summary>
    /// When temporary credentials stop working (from STS, a container or instance endpoint,
    /// <c>credential_process</c> or SSO), or null for long-term keys that do not expire.
    /// </summary>
    public DateTimeOffset? Expiration { get; init; }

    /// <summary>Fixed credentials are their own provider: they return themselves.</summary>
    /// <param name="cancellationToken">Not used.</param>
    /// <returns>These credentials.</returns>
    public ValueTask<AwsCredentials> GetCredentialsAsync(CancellationToken cancellationToken = default) => new(this);

    /// <summary>Shows the access key id, the source and the expiry; the secret and the token are redacted.</summary>
    public override string ToString() =>
        $"AwsCredentials {{ AccessKeyId = {AccessKeyId}, SecretAccessKey = ***, SessionToken = {(SessionToken is null ? "(none)" : "***")}, Source = {Source}{(Expiration is { } e ? ", Expiration = " + Internal.Credentials.SourceText.Iso(e) : string.Empty)} }}";
}
