using System.Text;
using Signing.Internal;

namespace Signing;

public sealed partial class SigV2Signer
{
    /// <summary>Signs a POST policy, checking its expiration against the clock's current time; see <see cref="SignPostPolicy(PostPolicy, DateTimeOffset)"/>.</summary>
    /// <param name="policy">The policy.</param>
    /// <returns>The document, its base64, the signature and the form fields.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="policy"/> is null.</exception>
    /// <exception cref="ArgumentException">The policy's expiration is not 1 second to 7 days after now.</exception>
    public SignedPostPolicy SignPostPolicy(PostPolicy policy) => SignPostPolicy(policy, _clock.GetUtcNow());

    /// <summary>
    /// Signs a POST policy with Signature Version 2 (AWS S3 docs, "Browser-Based Uploads Using
    /// POST", Signature Version 2): appends an <c>x-amz-security-token</c> condition when there is a
    /// session token, writes the document, and signs its base64: <c>signature</c> =
    /// base64 HMAC-SHA1(secret, base64(policy)). Fields: the policy's, <c>AWSAccessKeyId</c>,
    /// <c>x-amz-security-token</c> (with a token), <c>policy</c>, <c>signature</c>.
    /// </summary>
    /// <param name="policy">The policy.</param>
    /// <param name="timestamp">The time the expiration is checked against (SigV2 signs no time).</param>
    /// <returns>The document, its base64, the signature and the form fields.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="policy"/> is null.</exception>
    /// <exception cref="ArgumentException">The policy's expiration is not 1 second to 7 days after <paramref name="timestamp"/>.</exception>
    public SignedPostPolicy SignPostPolicy(PostPolicy policy, DateTimeOffset timestamp)
    {
        ThrowHelper.IfNull(policy);

        policy.CheckExpiration(timestamp, nameof(policy));
        KeyValuePair<string, string>[] token = Credentials.SessionToken is { } t ? [new("x-amz-security-token", t)] : [];
        return Finish(PostPolicyJson.Write(policy, token), policy.FormFields);
    }

    /// <summary>Signs a policy document written elsewhere, byte for byte as given (UTF-8); it is not parsed.</summary>
    /// <param name="document">The policy document (JSON); with a session token it must hold the <c>x-amz-security-token</c> condition.</param>
    /// <returns>The base64, the signature and the signer's form fields.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="document"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="document"/> is empty.</exception>
    public SignedPostPolicy SignPostPolicyDocument(string document)
    {
        SigV4Signer.CheckDocument(document);
        return Finish(document, []);
    }

    private SignedPostPolicy Finish(string document, IReadOnlyList<KeyValuePair<string, string>> policyFields)
    {
        string base64 = Convert.ToBase64String(Encoding.UTF8.GetBytes(document));
        Span<byte> mac = stackalloc byte[Hashing.Sha1Length];
        if (!_hmac.TryHash(Encoding.ASCII.GetBytes(base64), mac))
        {
            throw new InvalidOperationException("Internal error: the SigV2 signer's key was disposed. Please report it.");
        }

        string signature = Convert.ToBase64String(mac);
        var fields = new List<KeyValuePair<string, string>>(policyFields.Count + 4);
        fields.AddRange(policyFields);
        fields.Add(new("AWSAccessKeyId", Credentials.AccessKeyId));
        if (Credentials.SessionToken is { } token)
        {
            fields.Add(new("x-amz-security-token", token));
        }

        fields.Add(new("policy", base64));
        fields.Add(new("signature", signature));
        return new SignedPostPolicy(document, base64, signature, fields);
    }
}
