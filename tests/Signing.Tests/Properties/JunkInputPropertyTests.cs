using FsCheck.Fluent;

namespace Signing.Tests.Properties;

/// <summary>
/// Property 2: whatever a caller passes, the library throws nothing but ArgumentException (and its
/// subclasses), and no exception message or ToString shows the secret key or the session token.
/// </summary>
public class JunkInputPropertyTests
{
    private const int Runs = 700;

    [Fact]
    public void SigV4Signer_AnyEntryPoint_ThrowsOnlyArgumentExceptionWithoutSecrets() =>
        PropertyRunner.Check(nameof(SigV4Signer_AnyEntryPoint_ThrowsOnlyArgumentExceptionWithoutSecrets), 0x5167_0201, Runs, Arb.From(JunkGenerators.Cases, JunkGenerators.Shrink), c =>
        {
            var calls = new Calls(c);
            var credentials = calls.Run("new AwsCredentials", () => new AwsCredentials(c.AccessKeyId!, c.Secret!, c.Token));
            calls.Run("new SigV4Signer(null)", () => new SigV4Signer(null!, c.Region!, c.Service!));
            calls.Run<object>("SigningKey.Derive", () =>
            {
                SigningKey.Derive(c.Secret!, (c.Method ?? string.Empty).Length % 2 == 0 ? "20240229" : c.Method, c.Region!, c.Service!, new byte[(c.Host?.Length ?? 0) % 40]);
                return string.Empty;
            });
            if (credentials is null)
            {
                return;
            }

            calls.Shows(credentials.ToString(), "AwsCredentials.ToString");
            var signer = calls.Run("new SigV4Signer", () => new SigV4Signer(credentials, c.Region!, c.Service!, c.Options, keyCache: new SigningKeyCache()));
            if (signer is null)
            {
                return;
            }

            calls.Shows(signer.ToString(), "SigV4Signer.ToString");
            calls.Shows(calls.Run("Sign", () => signer.Sign(c.View(), c.Time))?.ToString(), "SignedRequest.ToString");
            calls.Run("TryComputeSignature", () => signer.TryComputeSignature(c.View(), c.Time, new char[64 + ((c.Query?.Length ?? 0) % 3) - 1], out _));
            calls.Run("Explain", () => signer.Explain(c.View(), c.Time));
            calls.Run("Explain(presign)", () => signer.Explain(c.View(), c.Time, SignatureLocation.Query, c.Expires));
            calls.Run("PresignTarget", () => signer.PresignTarget(c.View(), c.Expires, c.Time));
            if (TryUrl(c, out var url))
            {
                calls.Run("Presign", () => signer.Presign(c.Method!, url, c.Expires, c.Headers, c.Time));
            }
        });

    [Fact]
    public void SigV2Signer_AnyEntryPoint_ThrowsOnlyArgumentExceptionWithoutSecrets() =>
        PropertyRunner.Check(nameof(SigV2Signer_AnyEntryPoint_ThrowsOnlyArgumentExceptionWithoutSecrets), 0x5167_0202, Runs, Arb.From(JunkGenerators.Cases.Select(WithoutSigV2NullValues), JunkGenerators.Shrink), c =>
        {
            var calls = new Calls(c);
            var credentials = calls.Run("new AwsCredentials", () => new AwsCredentials(c.AccessKeyId!, c.Secret!, c.Token));
            calls.Run("new SigV2Signer(null)", () => new SigV2Signer(null!));
            if (credentials is null)
            {
                return;
            }

            var signer = new SigV2Signer(credentials);
            calls.Shows(signer.ToString(), "SigV2Signer.ToString");
            calls.Shows(calls.Run("Sign", () => signer.Sign(c.View(), c.Time, c.Bucket))?.ToString(), "SignedRequest.ToString");
            calls.Run("Explain", () => signer.Explain(c.View(), c.Time, bucket: c.Bucket));
            calls.Run("Explain(presign)", () => signer.Explain(c.View(), c.Time, SignatureLocation.Query, c.Expires, c.Bucket));
            calls.Run("PresignTarget", () => signer.PresignTarget(c.View(), c.Expires, c.Time, c.Bucket));
            if (TryUrl(c, out var url))
            {
                calls.Run("Presign", () => signer.Presign(c.Method!, url, c.Expires, c.Headers, c.Time, c.Bucket));
            }
        });

    /// <summary>
    /// What Sign returns can be sent: header names are tokens, values printable ASCII (or tab), the
    /// Authorization value names the signed headers. Junk payload hashes are left to
    /// PayloadHashPropertyTests (the engine returns them in x-amz-content-sha256 unchecked).
    /// </summary>
    [Fact]
    public void SigV4Signer_Sign_ReturnsHeadersFitToSend() =>
        PropertyRunner.Check(nameof(SigV4Signer_Sign_ReturnsHeadersFitToSend), 0x5167_0203, Runs, Arb.From(JunkGenerators.Cases.Select(c => c with { PayloadHash = string.Empty }), JunkGenerators.Shrink), c =>
        {
            SignedRequest? v4 = null;
            SignedRequest? v2 = null;
            try
            {
                var credentials = new AwsCredentials(c.AccessKeyId!, c.Secret!, c.Token);
                v4 = new SigV4Signer(credentials, c.Region!, c.Service!, c.Options, keyCache: new SigningKeyCache()).Sign(c.View(), c.Time);
                v2 = new SigV2Signer(credentials).Sign(WithoutSigV2NullValues(c).View(), c.Time, c.Bucket);
            }
            catch (ArgumentException)
            {
            }

            foreach (var signed in new[] { v4, v2 })
            {
                foreach (var h in signed?.Headers ?? [])
                {
                    Assert.True(h.Name.Length > 0 && h.Name.All(ch => char.IsAsciiLetterOrDigit(ch) || "!#$%&'*+-.^_`|~".Contains(ch)), $"header name {PropertyRunner.Literal(h.Name)}");
                    Assert.True(h.Value.All(ch => ch is '\t' or (>= ' ' and <= '~')), $"header {h.Name} value {PropertyRunner.Literal(h.Value)}");
                }
            }

            if (v4 is not null)
            {
                Assert.EndsWith($"SignedHeaders={v4.SignedHeaders}, Signature={v4.Signature}", v4.Authorization, StringComparison.Ordinal);
                Assert.Equal(v4.SignedHeaders.Split(';').Order(StringComparer.Ordinal).Distinct(), v4.SignedHeaders.Split(';'));
            }
        });

    /// <summary>
    /// A URL for Presign; only with an ASCII host, since a host that is no IDN name is
    /// ExceptionContractPropertyTests' subject (the engine lets UriFormatException out).
    /// </summary>
    internal static bool TryUrl(JunkCase c, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Uri? url)
    {
        url = null;
        return Uri.TryCreate($"https://{c.Host}{c.Path}?{c.Query}", UriKind.Absolute, out url) && url.Host.All(char.IsAscii);
    }

    /// <summary>Null values of the headers SigV2 reads by name are ExceptionContractPropertyTests' subject (the engine throws NullReferenceException).</summary>
    internal static JunkCase WithoutSigV2NullValues(JunkCase c) =>
        c with { Headers = [.. c.Headers.Select(h => h.Value is null && (h.Name ?? string.Empty).ToLowerInvariant() is "date" or "content-md5" or "content-type" ? h with { Value = string.Empty } : h)] };

    /// <summary>Runs entry points of one case; any exception but ArgumentException, or a message showing a secret, fails the case.</summary>
    private sealed class Calls(JunkCase c)
    {
        public T? Run<T>(string what, Func<T> call)
            where T : class
        {
            try
            {
                return call();
            }
            catch (ArgumentException ex)
            {
                Shows(ex.ToString(), $"{what} threw {ex.GetType().Name} whose text");
                return null;
            }
            catch (Exception ex)
            {
                throw new Xunit.Sdk.XunitException($"{what} threw {ex.GetType().FullName}, not an ArgumentException: {ex.Message}", ex);
            }
        }

        public bool Run(string what, Func<bool> call) => Run(what, () => (object)call()) is true;

        /// <summary>Fails when <paramref name="text"/> holds the secret or the token (or a 12-char piece of either).</summary>
        public void Shows(string? text, string where)
        {
            foreach (string? secret in new[] { c.Secret, c.Token })
            {
                if (text is null || secret is null || secret.Length < 12)
                {
                    continue;
                }

                foreach (string piece in new[] { secret, secret[..12], secret[^12..] })
                {
                    if (text.Contains(piece, StringComparison.Ordinal))
                    {
                        throw new Xunit.Sdk.XunitException($"{where} shows a secret ({PropertyRunner.Literal(piece)}): {PropertyRunner.Literal(text.Length > 2000 ? text[..2000] : text)}");
                    }
                }
            }
        }
    }
}
