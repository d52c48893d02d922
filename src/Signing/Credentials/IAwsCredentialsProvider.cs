namespace Signing;

/// <summary>
/// Supplies credentials for each signature: fixed keys (<see cref="AwsCredentials"/> is its own
/// provider), the AWS CLI's chain (<see cref="AwsCredentialChain.CreateProvider"/>), or your own
/// source. Temporary credentials carry <see cref="AwsCredentials.Expiration"/>; wrap a source that
/// fetches them in <see cref="RefreshingCredentialsProvider"/> so that they are fetched once and
/// renewed before they expire. Implementations must be thread-safe.
/// </summary>
public interface IAwsCredentialsProvider
{
    /// <summary>Returns credentials to sign with now.</summary>
    /// <param name="cancellationToken">Cancels the wait (a fetch shared with other callers goes on for them).</param>
    /// <returns>The credentials; their <see cref="AwsCredentials.Source"/> says where they came from.</returns>
    /// <exception cref="CredentialsNotFoundException">No credentials could be obtained; the message says where the provider looked and why each place failed.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    ValueTask<AwsCredentials> GetCredentialsAsync(CancellationToken cancellationToken = default);
}
