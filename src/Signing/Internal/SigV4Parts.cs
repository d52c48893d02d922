namespace Signing.Internal;

/// <summary>Everything besides the request that a SigV4 (or SigV4a) canonical request and string to sign need.</summary>
internal ref struct SigV4Parts
{
    /// <summary><c>yyyyMMddTHHmmssZ</c>, 16 chars.</summary>
    public ReadOnlySpan<char> AmzDate;

    /// <summary><c>yyyyMMdd/region/service/aws4_request</c>.</summary>
    public ReadOnlySpan<char> Scope;

    public ReadOnlySpan<char> AccessKeyId;

    /// <summary>The session token to sign; empty when there is none or it is appended after signing.</summary>
    public ReadOnlySpan<char> SignedSessionToken;

    public SigningOptions Options;

    /// <summary>Query (presigned URL) signing rather than header signing.</summary>
    public bool Presign;

    public long ExpiresSeconds;

    /// <summary>
    /// SigV4a only: the region set, comma-joined (<c>us-east-1,us-west-2</c> or <c>*</c>), signed as the
    /// <c>x-amz-region-set</c> header or the <c>X-Amz-Region-Set</c> query parameter, with the
    /// algorithm <c>AWS4-ECDSA-P256-SHA256</c>. Empty for SigV4.
    /// </summary>
    public ReadOnlySpan<char> RegionSet;

    /// <summary>What bad parts of the request are reported against (<see cref="ArgumentNames.View"/> unless set).</summary>
    public ArgumentNames? Names;
}
