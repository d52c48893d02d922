namespace Signing;

/// <summary>
/// What header signing produced: the headers to add to the request (<c>Authorization</c>,
/// <c>X-Amz-Date</c>, and where they apply <c>x-amz-content-sha256</c> and
/// <c>X-Amz-Security-Token</c>, or for SigV2 <c>Date</c>). The request itself is not touched.
/// </summary>
public sealed class SignedRequest
{
    private readonly Range _signature;
    private readonly Range _signedHeaders;
    private string? _signatureText;
    private string? _signedHeadersText;

    /// <param name="headers">The headers to add.</param>
    /// <param name="authorization">The Authorization value.</param>
    /// <param name="signature">Where the signature is in <paramref name="authorization"/>.</param>
    /// <param name="signedHeaders">Where the signed header names are in <paramref name="authorization"/> (empty for SigV2).</param>
    /// <param name="timestamp">The signing time.</param>
    internal SignedRequest(HttpHeader[] headers, string authorization, Range signature, Range signedHeaders, DateTimeOffset timestamp)
    {
        Headers = headers;
        Authorization = authorization;
        _signature = signature;
        _signedHeaders = signedHeaders;
        Timestamp = timestamp;
    }

    /// <summary>The headers to add to (or replace on) the request, <c>Authorization</c> among them.</summary>
    public IReadOnlyList<HttpHeader> Headers { get; }

    /// <summary>The <c>Authorization</c> header value.</summary>
    public string Authorization { get; }

    /// <summary>The signature: lower-case hex (SigV4) or base64 (SigV2). Cut from <see cref="Authorization"/> on first use.</summary>
    public string Signature => _signatureText ??= Authorization[_signature];

    /// <summary>The signed header names, <c>;</c>-separated (SigV4; empty for SigV2). Cut from <see cref="Authorization"/> on first use.</summary>
    public string SignedHeaders => _signedHeadersText ??= Authorization[_signedHeaders];

    /// <summary>The signing time.</summary>
    public DateTimeOffset Timestamp { get; }

    /// <summary>Sets these headers on <paramref name="message"/>, replacing any of the same name.</summary>
    internal void ApplyTo(HttpRequestMessage message)
    {
        foreach (var h in Headers)
        {
            message.Headers.Remove(h.Name);
            message.Headers.TryAddWithoutValidation(h.Name, h.Value);
        }
    }

    /// <summary>Shows the headers with the session token redacted.</summary>
    public override string ToString()
    {
        var sb = new System.Text.StringBuilder("SignedRequest {");
        foreach (var h in Headers)
        {
            bool secret = string.Equals(h.Name, "X-Amz-Security-Token", StringComparison.OrdinalIgnoreCase);
            sb.Append(' ').Append(h.Name).Append(": ").Append(secret ? "***" : h.Value).Append(';');
        }

        return sb.Append(" }").ToString();
    }
}

/// <summary>The intermediate strings of a signature, for debugging. Never holds the secret or the signing key.</summary>
/// <param name="CanonicalRequest">The canonical request (SigV4; empty for SigV2).</param>
/// <param name="StringToSign">The string to sign.</param>
/// <param name="Signature">The resulting signature.</param>
public sealed record SigningExplanation(string CanonicalRequest, string StringToSign, string Signature);
