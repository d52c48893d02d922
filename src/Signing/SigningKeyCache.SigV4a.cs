namespace Signing;

// The SigV4a side of the cache: one key pair per access key (its derivation has no date, region
// or service), held and dropped by the same rules as the SigV4 keys.
public sealed partial class SigningKeyCache
{
    private readonly Store<string> _sigV4a;

    /// <summary>The number of SigV4a key pairs held now (one per access key; at most <see cref="Capacity"/>).</summary>
    public int SigV4aCount => _sigV4a.Count;

    /// <summary>How many SigV4a key pairs this cache has derived (tests count re-derivations with it).</summary>
    internal long SigV4aDerivations => _sigV4a.Derivations;

    /// <inheritdoc/>
    /// <exception cref="ArgumentNullException"><paramref name="credentials"/> is null.</exception>
    public SigV4aSigningKey GetSigV4aSigningKey(AwsCredentials credentials)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        return (SigV4aSigningKey?)_sigV4a.TryGet(credentials.AccessKeyId, credentials.SecretAccessKey)
            ?? (SigV4aSigningKey)_sigV4a.Insert(credentials.AccessKeyId, credentials.SecretAccessKey, SigV4aSigningKey.Create(credentials));
    }
}
