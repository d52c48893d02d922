namespace Signing;

/// <summary>
/// What header signing produced: the headers to add to the request (<c>Authorization</c>,
/// <c>X-Amz-Date</c>, and where they apply <c>x-amz-content-sha256</c> and
/// <c>X-Amz-Security-Token</c>, or for SigV2 <c>Date</c>). The request itself is not touched.
/// </summary>
public sealed class SignedRequest
{
    internal SignedRequest(HttpHeader[] headers, string authorization, string signature, string signedHeaders, DateTimeOffset timestamp)
    {
        Headers = headers;
        Authorization = authorization;
        Signature = signature;
        SignedHeaders = signedHeaders;
        Timestamp = timestamp;
    }

    /// <summary>The headers to add to (or replace on) the request, <c>Authorization</c> among them.</summary>
    public IReadOnlyList<HttpHeader> Headers { get; }

    /// <summary>The <c>Authorization</c> header value.</summary>
    public string Authorization { get; }

    /// <summary>The signature: lower-case hex (SigV4) or base64 (SigV2).</summary>
    public string Signature { get; }

    /// <summary>The signed header names, <c>;</c>-separated (SigV4; empty for SigV2).</summary>
    public string SignedHeaders { get; }

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
