using System.Text;

namespace Signing.Tests;

/// <summary>
/// With distinctive secret and token values, nothing the engine prints (explanations, ToString,
/// exception messages) holds the secret, the token (raw or URL-encoded) or the derived signing key.
/// </summary>
public class SecretsTests
{
    private const string Secret = "SECRETzq8/Vw+Kp3Lx9/Distinct+Sekrit42";
    private const string Token = "TOKENfw0G/ZXIvYXdz+EJr//Distinct=Tok3n+Value==";
    private static readonly DateTimeOffset Time = new(2015, 8, 30, 12, 36, 0, TimeSpan.Zero);

    public static TheoryData<string> Modes => new() { "v4-header", "v4-presign", "v4-presign-appended", "v2-header", "v2-presign" };

    [Theory]
    [MemberData(nameof(Modes))]
    public void SigningExplanation_AnyOutput_NeverShowsSecretTokenOrSigningKey(string mode)
    {
        var credentials = new AwsCredentials("AKIDEXAMPLE", Secret, Token);
        var cache = new SigningKeyCache();
        var texts = new List<(string Where, string Text)>
        {
            ("AwsCredentials", credentials.ToString()),
        };
        var view = new HttpRequestView("PUT", "/bucket/key", "acl", [new("Host", "bucket.s3.amazonaws.com"), new("Content-Type", "text/plain"), new("x-amz-meta-a", "b")]);
        if (mode.StartsWith("v4", StringComparison.Ordinal))
        {
            var options = SigningOptions.S3 with { SessionToken = mode == "v4-presign-appended" ? SessionTokenSigning.AppendedAfterSigning : SessionTokenSigning.Signed };
            var signer = new SigV4Signer(credentials, "us-east-1", "s3", options, keyCache: cache);
            var explained = mode == "v4-header" ? signer.Explain(view, Time) : signer.Explain(view, Time, SignatureLocation.Query, TimeSpan.FromMinutes(5));
            if (mode == "v4-header")
            {
                Assert.Contains("\nx-amz-security-token:<redacted>\n", explained.CanonicalRequest, StringComparison.Ordinal);
                texts.Add(("SignedRequest", signer.Sign(view, Time).ToString()));
            }
            else if (mode == "v4-presign")
            {
                Assert.Contains("&X-Amz-Security-Token=<redacted>&", explained.CanonicalRequest, StringComparison.Ordinal);
            }

            texts.Add(("canonical request", explained.CanonicalRequest));
            texts.Add(("string to sign", explained.StringToSign));
            texts.Add(("SigningExplanation", explained.ToString()));
            texts.Add(("SigV4Signer", signer.ToString()));
            texts.Add(("SigningKeyCache", cache.ToString()));
        }
        else
        {
            var signer = new SigV2Signer(credentials);
            var explained = mode == "v2-header" ? signer.Explain(view, Time) : signer.Explain(view, Time, SignatureLocation.Query, TimeSpan.FromMinutes(5));
            Assert.Contains("\nx-amz-security-token:<redacted>\n", explained.StringToSign, StringComparison.Ordinal);
            texts.Add(("string to sign", explained.StringToSign));
            texts.Add(("SigningExplanation", explained.ToString()));
            texts.Add(("SigV2Signer", signer.ToString()));
            if (mode == "v2-header")
            {
                texts.Add(("SignedRequest", signer.Sign(view, Time).ToString()));
            }
        }

        foreach (var (where, text) in texts.Concat(EngineErrors(credentials)))
        {
            NoSecretIn(where, text);
        }
    }

    [Fact]
    public void SignedRequest_ToString_TokenShownAsRedacted()
    {
        var credentials = new AwsCredentials("AKIDEXAMPLE", Secret, Token);
        var v4 = new SigV4Signer(credentials, "us-east-1", "s3", keyCache: new SigningKeyCache()).Sign(new HttpRequestView("GET", "/", "", [new("Host", "h")]), Time);
        var v2 = new SigV2Signer(credentials).Sign(new HttpRequestView("GET", "/", "", [new("Host", "h")]), Time);
        Assert.Contains("X-Amz-Security-Token: <redacted>;", v4.ToString(), StringComparison.Ordinal);
        Assert.Contains("x-amz-security-token: <redacted>;", v2.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void SigningExplanation_ToString_RedactsATokenLineGivenToIt()
    {
        var made = new SigningExplanation("GET\n/\nX-Amz-Security-Token=abc%2F&b=1\nhost:h\nx-amz-security-token:abc/\n\nhost;x-amz-security-token\nUNSIGNED-PAYLOAD", "AWS4-HMAC-SHA256\n...", "sig");
        string text = made.ToString();
        Assert.DoesNotContain("abc", text, StringComparison.Ordinal);
        Assert.Contains("X-Amz-Security-Token=<redacted>&b=1", text, StringComparison.Ordinal);
        Assert.Contains("x-amz-security-token:<redacted>", text, StringComparison.Ordinal);
    }

    [Fact]
    public void SigV4Signer_Explain_StringToSignStillHashesTheRealCanonicalRequest()
    {
        var credentials = new AwsCredentials("AKIDEXAMPLE", Secret, Token);
        var view = new HttpRequestView("GET", "/k", "", [new("Host", "h")]);
        var explained = new SigV4Signer(credentials, "us-east-1", "s3", keyCache: new SigningKeyCache()).Explain(view, Time);
        string real = explained.CanonicalRequest.Replace("<redacted>", Token, StringComparison.Ordinal);
        string hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(real)));
        Assert.EndsWith("\n" + hash, explained.StringToSign, StringComparison.Ordinal);
    }

    /// <summary>Engine exceptions raised with these credentials in hand.</summary>
    private static IEnumerable<(string, string)> EngineErrors(AwsCredentials credentials)
    {
        var v4 = new SigV4Signer(credentials, "us-east-1", "s3", keyCache: new SigningKeyCache());
        var v2 = new SigV2Signer(credentials);
        var calls = new (string, Action)[]
        {
            ("bad header", () => v4.Sign(new HttpRequestView("GET", "/", "", [new("Host", "h"), new("X-A", "a\r\nb")]), Time)),
            ("bad path", () => v4.Sign(new HttpRequestView("GET", "/a%zz", "", [new("Host", "h")]), Time)),
            ("bad expires", () => v4.PresignTarget(new HttpRequestView("GET", "/", "", [new("Host", "h")]), TimeSpan.FromDays(8), Time)),
            ("bad v2 query", () => v2.PresignTarget(new HttpRequestView("GET", "/", "a=%4", [new("Host", "h")]), TimeSpan.FromMinutes(5), Time)),
            ("bad region", () => _ = new SigV4Signer(credentials, "us east", "s3")),
            ("secret as access key id", () => _ = new AwsCredentials(Secret, Secret, Token)),
            ("token with a space", () => _ = new AwsCredentials("AKIDEXAMPLE", Secret, Token + " x")),
        };
        foreach (var (what, call) in calls)
        {
            var e = Assert.ThrowsAny<ArgumentException>(call);
            yield return ($"exception ({what})", e.ToString());
        }
    }

    private static void NoSecretIn(string where, string text)
    {
        byte[] key = new byte[SigningKey.Length];
        SigningKey.Derive(Secret, "20150830", "us-east-1", "s3", key);
        string[] forbidden =
        [
            Secret, Token, Uri.EscapeDataString(Token), Uri.EscapeDataString(Secret),
            Convert.ToHexStringLower(key), Convert.ToHexString(key), Convert.ToBase64String(key),
            Secret[..12], Token[..12], Token[^12..],
        ];
        foreach (string f in forbidden)
        {
            Assert.False(text.Contains(f, StringComparison.Ordinal), $"{where} shows {f}: {text}");
        }
    }
}
