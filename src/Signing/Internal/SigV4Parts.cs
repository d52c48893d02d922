namespace Signing.Internal;

/// <summary>Everything besides the request that a SigV4 canonical request and string to sign need.</summary>
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

    /// <summary>What bad parts of the request are reported against (<see cref="ArgumentNames.View"/> unless set).</summary>
    public ArgumentNames? Names;
}
