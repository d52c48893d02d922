namespace Signing.Cli;

/// <summary>sigv's exit codes (documented in the README and in --help).</summary>
internal static class ExitCodes
{
    /// <summary>Success.</summary>
    public const int Ok = 0;

    /// <summary>The request failed (HTTP error with -f, network error, S3 error).</summary>
    public const int RequestFailed = 1;

    /// <summary>Bad usage: unknown flag, missing or malformed value.</summary>
    public const int Usage = 2;

    /// <summary>No credentials could be found.</summary>
    public const int NoCredentials = 3;
}
