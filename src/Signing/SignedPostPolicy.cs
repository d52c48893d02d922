namespace Signing;

/// <summary>
/// A signed POST policy: the policy document, its base64 form (the <c>policy</c> field, which is
/// what is signed), the signature, and every form field an upload form sends before the
/// <c>file</c> field, in order. Made by <see cref="SigV4Signer.SignPostPolicy(PostPolicy)"/> and
/// <see cref="SigV2Signer.SignPostPolicy(PostPolicy)"/>. <see cref="ToString"/> shows no field values
/// (a session token may be among them).
/// </summary>
public sealed class SignedPostPolicy
{
    internal SignedPostPolicy(string document, string policy, string signature, IReadOnlyList<KeyValuePair<string, string>> fields)
    {
        Document = document;
        Policy = policy;
        Signature = signature;
        Fields = fields;
    }

    /// <summary>The policy document (JSON) that was signed, as UTF-8 text.</summary>
    public string Document { get; }

    /// <summary>The base64 of the document's UTF-8 bytes: the <c>policy</c> form field and the string to sign.</summary>
    public string Policy { get; }

    /// <summary>The signature: hex HMAC-SHA256 with the SigV4 signing key (<c>x-amz-signature</c>), or base64 HMAC-SHA1 with the secret (SigV2 <c>signature</c>).</summary>
    public string Signature { get; }

    /// <summary>
    /// The form fields, in order: the policy's own (such as <c>key</c>, <c>Content-Type</c>,
    /// <c>acl</c>), then the signer's (SigV4: <c>x-amz-algorithm</c>, <c>x-amz-credential</c>,
    /// <c>x-amz-date</c>, <c>x-amz-security-token</c> with a session token, <c>policy</c>,
    /// <c>x-amz-signature</c>; SigV2: <c>AWSAccessKeyId</c>, <c>x-amz-security-token</c>,
    /// <c>policy</c>, <c>signature</c>). The form sends them before the <c>file</c> field, which S3
    /// requires to be last.
    /// </summary>
    public IReadOnlyList<KeyValuePair<string, string>> Fields { get; }

    /// <summary>Shows the field names and the signature; no field values.</summary>
    /// <returns>A one-line description.</returns>
    public override string ToString() => $"SignedPostPolicy {{ Fields = [{string.Join(", ", Fields.Select(f => f.Key))}], Signature = {Signature} }}";
}
