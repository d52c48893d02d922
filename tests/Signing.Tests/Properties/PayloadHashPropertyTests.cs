using FsCheck;
using FsCheck.Fluent;
using G = Signing.Tests.Properties.SigningCaseGenerators;

namespace Signing.Tests.Properties;

/// <summary>
/// The payload-hash rule in the corners the broad properties leave out (each failed when written;
/// the generators of the broad properties avoid these inputs so that they keep checking the rest).
/// </summary>
public class PayloadHashPropertyTests
{
    private const int Runs = 300;

    /// <summary>
    /// A blank <c>x-amz-content-sha256</c> header (spaces or tabs only) is, after HTTP's own trimming,
    /// the same as an empty one: the payload hash falls through to the next rule instead of becoming
    /// an empty last line of the canonical request.
    /// </summary>
    [Fact]
    public void SigV4Signer_Explain_BlankContentSha256HeaderCountsAsAbsent()
    {
        var gen = from c in G.Cases(G.AnyOptions)
                  from blank in G.BlankValue
                  select c with { PayloadHash = string.Empty, Headers = [.. c.Headers.Where(h => !h.Name.Equals("x-amz-content-sha256", StringComparison.OrdinalIgnoreCase)), new("x-amz-content-sha256", blank)] };
        PropertyRunner.Check(nameof(SigV4Signer_Explain_BlankContentSha256HeaderCountsAsAbsent), 0x5167_0501, Runs, Arb.From(gen, G.Shrink), c =>
        {
            var explained = c.Signer().Explain(c.View(), c.Time);
            CanonicalRequestPropertyTests.Same("canonical request", Redacted.CanonicalRequest(ReferenceSigV4.CanonicalRequest(c)), explained.CanonicalRequest);
        });
    }

    /// <summary>
    /// <see cref="HttpRequestView.PayloadHash"/> is a hex hash or a keyword, and with S3 rules it is
    /// sent as the <c>x-amz-content-sha256</c> header: a char outside printable ASCII must be refused
    /// with an ArgumentException, not written into the canonical request byte-truncated (which signs
    /// "\u0125" exactly like "%") or returned in a header (a CR LF there is header injection).
    /// </summary>
    [Fact]
    public void SigV4Signer_Sign_RejectsPayloadHashOutsidePrintableAscii()
    {
        var bad = Gen.Frequency(
            (3, Gen.Elements('\r', '\n', '\0', '\u007F', '\u0085', '\u00E9', '\u0125', '\u4E2D', '\uFFFD', '\uD800')),
            (2, Gen.Choose(0x80, 0xFFFF).Select(i => (char)i)),
            (1, Gen.Choose(0, 0x1F).Select(i => (char)i)));
        var gen = from c in G.Cases(G.AnyOptions)
                  from hex in G.Hex64
                  from at in Gen.Choose(0, 63)
                  from ch in bad
                  select c with { PayloadHash = hex[..at] + ch + hex[(at + 1)..] };
        PropertyRunner.Check(nameof(SigV4Signer_Sign_RejectsPayloadHashOutsidePrintableAscii), 0x5167_0502, Runs, Arb.From(gen, ShrinkKeepingBadChar), c =>
        {
            var signer = c.Signer();
            Throws(() => signer.Sign(c.View(), c.Time), "Sign");
            Throws(() => signer.TryComputeSignature(c.View(), c.Time, new char[64], out _), "TryComputeSignature");
            Throws(() => signer.Explain(c.View(), c.Time), "Explain");
            Throws(() => signer.PresignTarget(c.View(), TimeSpan.FromMinutes(5), c.Time), "PresignTarget");
        });
    }

    private static bool IsPrintableAscii(char c) => c is >= ' ' and <= '~';

    /// <summary>The bad char alone first, then the usual shrinks that keep the payload hash.</summary>
    private static IEnumerable<SigningCase> ShrinkKeepingBadChar(SigningCase c)
    {
        char bad = c.PayloadHash.First(ch => !IsPrintableAscii(ch));
        if (c.PayloadHash.Length > 1)
        {
            yield return c with { PayloadHash = bad.ToString() };
        }

        foreach (var smaller in G.Shrink(c).Where(s => s.PayloadHash == c.PayloadHash))
        {
            yield return smaller;
        }
    }

    private static void Throws(Func<object> call, string what)
    {
        try
        {
            object result = call();
            string shown = result is SignedRequest s ? s.ToString() : result.ToString() ?? string.Empty;
            throw new Xunit.Sdk.XunitException($"{what} accepted the payload hash and returned {PropertyRunner.Literal(shown)}.");
        }
        catch (ArgumentException)
        {
        }
    }
}
