using System.Text;
using Signing.Internal;

namespace Signing;

public sealed partial class SigV4Signer
{
    /// <summary>Signs a POST policy at the clock's current time; see <see cref="SignPostPolicy(PostPolicy, DateTimeOffset)"/>.</summary>
    /// <param name="policy">The policy.</param>
    /// <returns>The document, its base64, the signature and the form fields.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="policy"/> is null.</exception>
    /// <exception cref="ArgumentException">The policy's expiration is not 1 second to 7 days after now.</exception>
    public SignedPostPolicy SignPostPolicy(PostPolicy policy) => SignPostPolicy(policy, _core.Clock.GetUtcNow());

    /// <summary>
    /// Signs a POST policy for a browser upload (AWS S3 docs, "Browser-Based Uploads Using POST
    /// (AWS Signature Version 4)"): appends the conditions <c>x-amz-algorithm</c>,
    /// <c>x-amz-credential</c>, <c>x-amz-date</c> (and <c>x-amz-security-token</c> with a session
    /// token) to the policy's, writes the document, and signs its base64 with the scope's signing
    /// key (from the signer's key cache): <c>x-amz-signature</c> = hex HMAC-SHA256(kSigning, base64(policy)).
    /// </summary>
    /// <param name="policy">The policy.</param>
    /// <param name="timestamp">The signing time (<c>x-amz-date</c>, and the date of the credential scope).</param>
    /// <returns>The document, its base64, the signature and the form fields.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="policy"/> is null.</exception>
    /// <exception cref="ArgumentException">The policy's expiration is not 1 second to 7 days after <paramref name="timestamp"/>.</exception>
    public SignedPostPolicy SignPostPolicy(PostPolicy policy, DateTimeOffset timestamp)
    {
        ThrowHelper.IfNull(policy);

        policy.CheckExpiration(timestamp, nameof(policy));
        var auth = AuthFields(timestamp);
        string document = PostPolicyJson.Write(policy, auth);
        return Finish(document, timestamp, policy.FormFields, auth);
    }

    /// <summary>
    /// Signs a policy document written elsewhere, byte for byte as given (UTF-8): for documents
    /// this library does not build, and for checking published examples. The document must itself
    /// hold the conditions S3 requires (<c>x-amz-algorithm</c>, <c>x-amz-credential</c>,
    /// <c>x-amz-date</c> matching <paramref name="timestamp"/>, the token with a session token); it is not parsed.
    /// </summary>
    /// <param name="document">The policy document (JSON).</param>
    /// <param name="timestamp">The signing time the document's <c>x-amz-date</c> names.</param>
    /// <returns>The base64, the signature and the signer's form fields.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="document"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="document"/> is empty.</exception>
    public SignedPostPolicy SignPostPolicyDocument(string document, DateTimeOffset timestamp)
    {
        CheckDocument(document);
        return Finish(document, timestamp, [], AuthFields(timestamp));
    }

    internal static void CheckDocument(string? document)
    {
        ThrowHelper.IfNull(document);

        if (document.Length == 0)
        {
            ThrowHelper.Argument(nameof(document), "document is empty: pass the policy document (JSON) to sign.");
        }
    }

    /// <summary>The SigV4 fields that are also conditions: algorithm, credential, date, and the token if any.</summary>
    private KeyValuePair<string, string>[] AuthFields(DateTimeOffset timestamp)
    {
        Span<char> amzDate = stackalloc char[AmzDate.Length];
        Span<char> scope = stackalloc char[_core.ScopeLength];
        _ = _core.MakeParts(timestamp, amzDate, scope, presign: false, expiresSeconds: 0);
        string credential = string.Concat(Credentials.AccessKeyId, "/", scope);
        return Credentials.SessionToken is { } token
            ? [new("x-amz-algorithm", "AWS4-HMAC-SHA256"), new("x-amz-credential", credential), new("x-amz-date", amzDate.ToString()), new("x-amz-security-token", token)]
            : [new("x-amz-algorithm", "AWS4-HMAC-SHA256"), new("x-amz-credential", credential), new("x-amz-date", amzDate.ToString())];
    }

    private SignedPostPolicy Finish(string document, DateTimeOffset timestamp, IReadOnlyList<KeyValuePair<string, string>> policyFields, KeyValuePair<string, string>[] auth)
    {
        string base64 = Convert.ToBase64String(Encoding.UTF8.GetBytes(document));
        Span<char> amzDate = stackalloc char[AmzDate.Length];
        AmzDate.Write(timestamp, amzDate);
        Span<byte> signature = stackalloc byte[Hashing.Sha256Length];
        _core.SignStringToSign(amzDate[..AmzDate.DateLength], Encoding.ASCII.GetBytes(base64), signature);
        string hex = AsciiText.ToHexLowerString(signature);
        var fields = new List<KeyValuePair<string, string>>(policyFields.Count + auth.Length + 2);
        fields.AddRange(policyFields);
        fields.AddRange(auth);
        fields.Add(new("policy", base64));
        fields.Add(new("x-amz-signature", hex));
        return new SignedPostPolicy(document, base64, hex, fields);
    }
}
