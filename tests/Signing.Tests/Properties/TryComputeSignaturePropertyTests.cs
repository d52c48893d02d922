using FsCheck;
using FsCheck.Fluent;
using G = Signing.Tests.Properties.SigningCaseGenerators;

namespace Signing.Tests.Properties;

/// <summary>
/// Property 4: the allocation-free core agrees with header signing, and with any destination size
/// either fails cleanly (shorter than 64: false, nothing written) or writes the same 64 chars and
/// nothing past them.
/// </summary>
public class TryComputeSignaturePropertyTests
{
    private const int Runs = 1000;
    private const char Untouched = '\u2603';

    [Fact]
    public void SigV4Signer_TryComputeSignature_AgreesWithSignForAnyDestinationLength()
    {
        var gen = from c in G.Cases(G.AnyOptions)
                  from length in Gen.Frequency((3, Gen.Choose(0, 70)), (1, Gen.Choose(71, 300)), (1, Gen.Elements(63, 64, 65)))
                  select (Case: c, Length: length);
        var arb = Arb.From(gen, x => G.Shrink(x.Case).Select(c => (c, x.Length)));
        PropertyRunner.Check(nameof(SigV4Signer_TryComputeSignature_AgreesWithSignForAnyDestinationLength), 0x5167_0401, Runs, arb, x =>
        {
            var (c, length) = x;
            var signer = c.Signer();
            var signed = signer.Sign(c.View(), c.Time);
            Assert.Equal(signer.Explain(c.View(), c.Time).Signature, signed.Signature);
            Assert.Matches("^[0-9a-f]{64}$", signed.Signature);
            Assert.Contains($"Signature={signed.Signature}", signed.Authorization, StringComparison.Ordinal);

            char[] destination = new char[length];
            Array.Fill(destination, Untouched);
            bool ok = signer.TryComputeSignature(c.View(), c.Time, destination, out int written);
            if (length < 64)
            {
                Assert.False(ok, $"TryComputeSignature returned true with a {length}-char destination.");
                Assert.Equal(0, written);
                Assert.All(destination, ch => Assert.Equal(Untouched, ch));
            }
            else
            {
                Assert.True(ok, $"TryComputeSignature returned false with a {length}-char destination.");
                Assert.Equal(64, written);
                Assert.Equal(signed.Signature, new string(destination, 0, 64));
                Assert.All(destination[64..], ch => Assert.Equal(Untouched, ch));
            }
        });
    }
}
