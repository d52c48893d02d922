using FsCheck.Fluent;
using G = Signing.Tests.Properties.SigningCaseGenerators;

namespace Signing.Tests.Properties;

/// <summary>
/// Property 1: the engine's canonical request, string to sign and signature equal the plain
/// string-based reference (<see cref="ReferenceSigV4"/>) on random requests.
/// </summary>
public class CanonicalRequestPropertyTests
{
    private const int Runs = 2000;

    [Fact]
    public void SigV4Signer_Explain_MatchesReferenceWithDefaultOptions() =>
        PropertyRunner.Check(nameof(SigV4Signer_Explain_MatchesReferenceWithDefaultOptions), 0x5167_0001, Runs, G.Arbitrary(SigningOptions.Default), MatchesReference);

    [Fact]
    public void SigV4Signer_Explain_MatchesReferenceWithS3Options() =>
        PropertyRunner.Check(nameof(SigV4Signer_Explain_MatchesReferenceWithS3Options), 0x5167_0002, Runs, G.Arbitrary(SigningOptions.S3), MatchesReference);

    [Fact]
    public void SigV4Signer_Explain_MatchesReferenceWithAnyOptions() =>
        PropertyRunner.Check(nameof(SigV4Signer_Explain_MatchesReferenceWithAnyOptions), 0x5167_0003, Runs, G.Arbitrary(G.AnyOptions), MatchesReference);

    /// <summary>Canonical request, then string to sign, then signature (Explain and Sign), so a failure names the first step that differs.</summary>
    internal static void MatchesReference(SigningCase c)
    {
        var signer = c.Signer();
        var explained = signer.Explain(c.View(), c.Time);
        Same("canonical request", Redacted.CanonicalRequest(ReferenceSigV4.CanonicalRequest(c)), explained.CanonicalRequest);
        Same("string to sign", ReferenceSigV4.StringToSign(c), explained.StringToSign);
        string signature = ReferenceSigV4.Signature(c);
        Same("signature (Explain)", signature, explained.Signature);
        Same("signature (Sign)", signature, signer.Sign(c.View(), c.Time).Signature);
    }

    internal static void Same(string step, string expected, string actual)
    {
        if (expected != actual)
        {
            string[] e = expected.Split('\n');
            string[] a = actual.Split('\n');
            int line = 0;
            while (line < e.Length && line < a.Length && e[line] == a[line])
            {
                line++;
            }

            throw new Xunit.Sdk.XunitException(
                $"{step} differs at line {line + 1}.\nexpected: {PropertyRunner.Literal(expected)}\nactual:   {PropertyRunner.Literal(actual)}");
        }
    }
}
