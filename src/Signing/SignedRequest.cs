namespace Signing;

/// <summary>
/// What header signing produced: the headers to add to the request (<c>Authorization</c>,
/// <c>X-Amz-Date</c>, for SigV4a <c>X-Amz-Region-Set</c>, and where they apply <c>x-amz-content-sha256</c> and
/// <c>X-Amz-Security-Token</c>, or for SigV2 <c>Date</c>). The request itself is not touched.
/// </summary>
public sealed class SignedRequest
{
    /// <summary>Lengths of the signature at the end of the Authorization value: hex SHA-256 (SigV4), base64 SHA-1 (SigV2).</summary>
    private const int SigV4SignatureLength = 64;
    private const int SigV2SignatureLength = 28;

    // Where the signed header names are in the Authorization value: two ints, not a Range (which
    // would make the object 8 bytes larger than before HttpRequestSigner's explanation was added).
    private readonly int _signedHeadersStart;
    private readonly int _signedHeadersLength;
    private string? _signatureText;
    private string? _signedHeadersText;

    /// <param name="headers">The headers to add.</param>
    /// <param name="authorization">The Authorization value.</param>
    /// <param name="signedHeaders">Where the signed header names are in <paramref name="authorization"/> (empty for SigV2).</param>
    /// <param name="timestamp">The signing time.</param>
    internal SignedRequest(HttpHeader[] headers, string authorization, Range signedHeaders, DateTimeOffset timestamp)
    {
        Headers = headers;
        Authorization = authorization;
        (_signedHeadersStart, _signedHeadersLength) = signedHeaders.GetOffsetAndLength(authorization.Length);
        Timestamp = timestamp;
    }

    /// <summary>The headers to add to (or replace on) the request, <c>Authorization</c> among them.</summary>
    public IReadOnlyList<HttpHeader> Headers { get; }

    /// <summary>The <c>Authorization</c> header value.</summary>
    public string Authorization { get; }

    /// <summary>The signature: lower-case hex (SigV4; SigV4a, a DER ECDSA signature of 140 to 144 chars) or base64 (SigV2). Cut from <see cref="Authorization"/> on first use.</summary>
    public string Signature => _signatureText ??= Version switch
    {
        SignatureVersion.SigV4 => Authorization[^SigV4SignatureLength..],
        SignatureVersion.SigV4a => Authorization[(Authorization.LastIndexOf('=') + 1)..],
        _ => Authorization[^SigV2SignatureLength..],
    };

    /// <summary>The signed header names, <c>;</c>-separated (SigV4; empty for SigV2). Cut from <see cref="Authorization"/> on first use.</summary>
    public string SignedHeaders => _signedHeadersText ??= Authorization.Substring(_signedHeadersStart, _signedHeadersLength);

    /// <summary>The signing time.</summary>
    public DateTimeOffset Timestamp { get; }

    /// <summary>Which signature this is: SigV4 (<c>AWS4-HMAC-SHA256 …</c>), SigV4a (<c>AWS4-ECDSA-P256-SHA256 …</c>) or SigV2 (<c>AWS key:signature</c>).</summary>
    public SignatureVersion Version => Authorization.StartsWith("AWS4-", StringComparison.Ordinal)
        ? Authorization.StartsWith("AWS4-ECDSA-", StringComparison.Ordinal) ? SignatureVersion.SigV4a : SignatureVersion.SigV4
        : SignatureVersion.SigV2;

    /// <summary>Sets these headers on <paramref name="message"/>, replacing any of the same name.</summary>
    /// <param name="message">The request that was signed.</param>
    /// <exception cref="ArgumentNullException"><paramref name="message"/> is null.</exception>
    public void ApplyTo(HttpRequestMessage message)
    {
        Internal.ThrowHelper.IfNull(message);

        foreach (var h in Headers)
        {
            message.Headers.Remove(h.Name);
            message.Headers.TryAddWithoutValidation(h.Name, h.Value);
        }
    }

    /// <summary>What <see cref="HttpRequestSigner"/> signed, to work the explanation out again on demand.</summary>
    internal IExplainable? Explainer { get; set; }

    /// <summary>
    /// The canonical request and string to sign behind this signature, worked out again (the session
    /// token redacted): what to compare with a server's <c>SignatureDoesNotMatch</c> answer. Available
    /// when <see cref="HttpRequestSigner"/> made it; for the span-based signers call their <c>Explain</c>.
    /// </summary>
    /// <returns>The intermediate strings.</returns>
    /// <exception cref="InvalidOperationException">The signature was not made by <see cref="HttpRequestSigner"/>.</exception>
    public SigningExplanation Explain() => Explainer is { } explainer
        ? explainer.Explain()
        : throw new InvalidOperationException("This signature was made by SigV4Signer.Sign or SigV2Signer.Sign: call that signer's Explain with the same request view and time.");

    /// <summary>Shows the headers with the session token as <c>&lt;redacted&gt;</c>.</summary>
    /// <returns>The headers, one <c>name: value;</c> each.</returns>
    public override string ToString()
    {
        var sb = new System.Text.StringBuilder("SignedRequest {");
        foreach (var h in Headers)
        {
            bool secret = string.Equals(h.Name, "X-Amz-Security-Token", StringComparison.OrdinalIgnoreCase);
            sb.Append(' ').Append(h.Name).Append(": ").Append(secret ? Internal.Redaction.Shown : h.Value).Append(';');
        }

        return sb.Append(" }").ToString();
    }
}

/// <summary>
/// The intermediate strings of a signature, for debugging. Never holds the secret or the signing
/// key, nor the session token: its value shows as <c>&lt;redacted&gt;</c> in the
/// <c>x-amz-security-token</c> header line and the <c>X-Amz-Security-Token</c> query parameter of
/// <see cref="CanonicalRequest"/>, and in the <c>x-amz-security-token</c> line of a SigV2
/// <see cref="StringToSign"/>. The SigV4 string to sign's hash is still over the real canonical
/// request, so with a token the canonical request shown does not hash to it.
/// </summary>
/// <param name="CanonicalRequest">The canonical request (SigV4; empty for SigV2), the token redacted.</param>
/// <param name="StringToSign">The string to sign, the token redacted (SigV2).</param>
/// <param name="Signature">The resulting signature.</param>
public sealed record SigningExplanation(string CanonicalRequest, string StringToSign, string Signature)
{
    /// <summary>Shows the three strings, with any token line or parameter in them redacted (also in an explanation made by hand).</summary>
    /// <returns>The explanation as text.</returns>
    public override string ToString() =>
        $"SigningExplanation {{ CanonicalRequest = {Internal.Redaction.CanonicalRequest(CanonicalRequest)}, StringToSign = {Internal.Redaction.SigV2StringToSign(StringToSign)}, Signature = {Signature} }}";
}

/// <summary>Something that can work a signature's explanation out again (see <see cref="SignedRequest.Explain"/>).</summary>
internal interface IExplainable
{
    /// <summary>The canonical request, string to sign and signature, the token redacted.</summary>
    SigningExplanation Explain();
}
