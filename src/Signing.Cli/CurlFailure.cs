namespace Signing.Cli;

/// <summary>A failure of <c>sigv curl</c> with curl's exit code, printed as <c>sigv: (CODE) message</c> unless -s.</summary>
internal sealed class CurlFailure(int code, string message) : Exception(message)
{
    public int Code { get; } = code;
}
