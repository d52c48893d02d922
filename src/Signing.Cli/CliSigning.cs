namespace Signing.Cli;

/// <summary>The signing set-up shared by <c>sign</c> and <c>curl</c>: the SigV4 signer the flags ask for, and the explanation printout.</summary>
internal static class CliSigning
{
    /// <summary>The SigV4 signer: the service's rules (S3's for <c>s3</c>) with the flags' advanced switches applied.</summary>
    public static SigV4Signer V4Signer(SigningFlags flags, AwsCredentials credentials, string region, string service)
    {
        var options = SigningOptions.ForService(service);
        options = options with
        {
            PathNormalization = flags.PathNormalization ?? options.PathNormalization,
            PathEncoding = flags.PathEncoding ?? options.PathEncoding,
            ContentSha256Header = flags.ContentSha256 ?? options.ContentSha256Header,
            SessionToken = flags.OmitSessionToken ? SessionTokenSigning.AppendedAfterSigning : SessionTokenSigning.Signed,
        };
        return new SigV4Signer(credentials, region, service, options);
    }

    /// <summary>Prints the canonical request and string to sign, the session token (as typed or URL-encoded, as a presign's query holds it) shown as <c>&lt;redacted&gt;</c>.</summary>
    public static void PrintExplanation(SigningExplanation explanation, AwsCredentials credentials, TextWriter stderr)
    {
        if (explanation.CanonicalRequest.Length > 0)
        {
            stderr.WriteLine("--- canonical request");
            stderr.WriteLine(RedactToken(explanation.CanonicalRequest, credentials.SessionToken));
        }

        stderr.WriteLine("--- string to sign");
        stderr.WriteLine(RedactToken(explanation.StringToSign, credentials.SessionToken));
        stderr.WriteLine("---");
    }

    /// <summary><paramref name="text"/> without <paramref name="token"/>, raw or URL-encoded (upper- or lower-case hex).</summary>
    public static string RedactToken(string text, string? token)
    {
        if (string.IsNullOrEmpty(token))
        {
            return text;
        }

        string encoded = Uri.EscapeDataString(token);
        text = text.Replace(token, "<redacted>", StringComparison.Ordinal).Replace(encoded, "<redacted>", StringComparison.OrdinalIgnoreCase);
        return text;
    }
}
