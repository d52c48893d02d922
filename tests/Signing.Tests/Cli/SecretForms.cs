using System.Globalization;
using System.Text;

namespace Signing.Tests.Cli;

// Linked into tests/Signing.Cli.Tests too.

/// <summary>Distinctive credentials for the secrets tests, and every form a leak of them could take.</summary>
internal static class SecretForms
{
    public const string AccessKey = "AKIAIOSFODNN7EXAMPLE";
    public const string Secret = "SECRETzq9K7MDENGbPxRfiCYEXAMPLEKEY0123456";
    public const string Token = "TOKENxy7AbCd/EfGh+IjKl=MnOp/QrSt+UvWx0123456789==";

    /// <summary>The token URL-encoded, as a presigned URL's query carries it (upper- and lower-case hex).</summary>
    public static string[] EncodedToken => [Uri.EscapeDataString(Token), Uri.EscapeDataString(Token).ToLowerInvariant()];

    /// <summary>The secret, the token raw and URL-encoded, and the signing keys (hex, base64) of the days around now and of the fixed dates tests sign with.</summary>
    public static IReadOnlyList<string> Forbidden { get; } = Build();

    /// <summary>
    /// A SignatureDoesNotMatch answer, as Swift's s3api gives one, whose canonical request matches
    /// the request's first three lines (method, path, query) and then quotes the token line, so a
    /// client comparing it with its own quotes that line; its string to sign holds the URL-encoded token.
    /// </summary>
    public static ServerAnswer EchoingMismatch(ServerRequest request)
    {
        string path = request.Target.Split('?', 2)[0];
        string query = request.Target.Contains('?', StringComparison.Ordinal)
            ? string.Join('&', request.Target.Split('?', 2)[1].Split('&').Select(p => p.Contains('=', StringComparison.Ordinal) ? p : p + "=").Order(StringComparer.Ordinal))
            : string.Empty;
        string canonical = $"{request.Method}\n{path}\n{query}\nx-amz-security-token:{Token}\n\nx-amz-security-token\nUNSIGNED-PAYLOAD";
        string body = $"<CanonicalRequest>{System.Security.SecurityElement.Escape(canonical)}</CanonicalRequest><StringToSign>AWS4-HMAC-SHA256\n20240101T000000Z\nX-Amz-Security-Token={EncodedToken[0]}</StringToSign>";
        return ServerAnswer.S3Error("403 Forbidden", "SignatureDoesNotMatch", body);
    }

    /// <summary>Fails naming the command and where, when <paramref name="output"/> holds any forbidden form.</summary>
    public static void AssertNoLeak(string command, string output, string where)
    {
        foreach (string secret in Forbidden)
        {
            Assert.False(output.Contains(secret, StringComparison.Ordinal), $"{command}: {where} shows a secret form ({secret[..Math.Min(12, secret.Length)]}...):\n{output}");
        }
    }

    private static List<string> Build()
    {
        List<string> forms = [Secret, Token, .. EncodedToken];
        var today = DateTime.UtcNow.Date;
        foreach (var day in new[] { today.AddDays(-1), today, today.AddDays(1), new DateTime(2015, 8, 30, 0, 0, 0, DateTimeKind.Utc), new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc) })
        {
            foreach (string service in new[] { "s3", "iam" })
            {
                byte[] key = new byte[SigningKey.Length];
                SigningKey.Derive(Secret, day.ToString("yyyyMMdd", CultureInfo.InvariantCulture), "us-east-1", service, key);
                forms.Add(Convert.ToHexString(key));
                forms.Add(Convert.ToHexString(key).ToLowerInvariant());
                forms.Add(Convert.ToBase64String(key));
            }
        }

        // SigV2 signs with the secret itself as the HMAC key: covered by the secret; its base64 too.
        forms.Add(Convert.ToBase64String(Encoding.UTF8.GetBytes(Secret)));
        return forms;
    }
}
