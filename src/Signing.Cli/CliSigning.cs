
namespace Signing.Cli;

/// <summary>The signing set-up shared by <c>sign</c>, <c>presign</c> and <c>curl</c>: the SigV4 or SigV4a signer the flags ask for, and the explanation printout.</summary>
internal static class CliSigning
{
    /// <summary>The SigV4 signer: the service's rules (S3's for <c>s3</c>) with the flags' advanced switches applied.</summary>
    public static SigV4Signer V4Signer(SigningFlags flags, AwsCredentials credentials, string region, string service) =>
        new(credentials, region, service, Options(flags, service));

    /// <summary>The SigV4a signer (--sigv4a): the same rules, for the flags' region set (default every region).</summary>
    public static SigV4aSigner V4aSigner(SigningFlags flags, AwsCredentials credentials, string service) =>
        new(credentials, service, flags.RegionSet, Options(flags, service));

    private static SigningOptions Options(SigningFlags flags, string service)
    {
        var options = SigningOptions.ForService(service);
        return options with
        {
            PathNormalization = flags.PathNormalization ?? options.PathNormalization,
            PathEncoding = flags.PathEncoding ?? options.PathEncoding,
            ContentSha256Header = flags.ContentSha256 ?? options.ContentSha256Header,
            SessionToken = flags.OmitSessionToken ? SessionTokenSigning.AppendedAfterSigning : SessionTokenSigning.Signed,
        };
    }

    /// <summary>
    /// Prints the canonical request and string to sign. The engine shows the session token as
    /// <c>&lt;redacted&gt;</c> already; the run's redaction takes out any other copy of it (or
    /// of the secret), raw or URL-encoded.
    /// </summary>
    public static void PrintExplanation(SigningExplanation explanation, AwsCredentials credentials, TextWriter stderr)
    {
        if (explanation.CanonicalRequest.Length > 0)
        {
            stderr.WriteLine("--- canonical request");
            stderr.WriteLine(RunContext.RedactSecrets(explanation.CanonicalRequest, credentials));
        }

        stderr.WriteLine("--- string to sign");
        stderr.WriteLine(RunContext.RedactSecrets(explanation.StringToSign, credentials));
        stderr.WriteLine("---");
    }
}
