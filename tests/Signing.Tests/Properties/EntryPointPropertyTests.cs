using FsCheck;
using FsCheck.Fluent;
using G = Signing.Tests.Properties.SigningCaseGenerators;

namespace Signing.Tests.Properties;

/// <summary>
/// A '%' that starts no escape (<c>%zz</c>, <c>%4</c>, a trailing <c>%</c>) anywhere in an otherwise
/// valid path or query is refused by every signer with an ArgumentException naming the part: the
/// server would decode it differently from what was signed.
/// </summary>
public class EntryPointPropertyTests
{
    private const int Runs = 500;

    [Fact]
    public void SigV4Signer_AnyEntryPoint_BadPercentEscapeRefusedNamingPart()
    {
        var gen = from c in G.Cases(G.AnyOptions)
                  from bad in G.InvalidEscape
                  from inQuery in Gen.Elements(false, true)
                  from at in Gen.Choose(0, 1000)
                  select Spoil(c, bad, inQuery, at);
        PropertyRunner.Check(nameof(SigV4Signer_AnyEntryPoint_BadPercentEscapeRefusedNamingPart), 0x5167_0A01, Runs, Arb.From(gen), x =>
        {
            var (c, part) = x;
            var v4 = c.Signer();
            var v2 = new SigV2Signer(c.Credentials());
            var calls = new (string, Func<object>)[]
            {
                ("SigV4 Sign", () => v4.Sign(c.View(), c.Time)),
                ("SigV4 TryComputeSignature", () => v4.TryComputeSignature(c.View(), c.Time, new char[64], out _)),
                ("SigV4 PresignTarget", () => v4.PresignTarget(c.View(), TimeSpan.FromMinutes(5), c.Time)),
                ("SigV4 Explain", () => v4.Explain(c.View(), c.Time)),
                ("SigV2 Sign", () => v2.Sign(c.View(), c.Time)),
                ("SigV2 PresignTarget", () => v2.PresignTarget(c.View(), TimeSpan.FromMinutes(5), c.Time)),
            };
            foreach (var (what, call) in calls)
            {
                try
                {
                    call();
                }
                catch (ArgumentException e) when (e.ParamName == "request" && e.Message.StartsWith(part + " ", StringComparison.Ordinal))
                {
                    continue;
                }

                throw new Xunit.Sdk.XunitException($"{what} did not refuse the {part} with an ArgumentException naming the request and, in its message, the part.");
            }
        });
    }

    /// <summary>Puts <paramref name="bad"/> into the path (before a '/', or at the end) or the query (as a value): never next to hex digits that would complete it.</summary>
    private static (SigningCase Case, string Part) Spoil(SigningCase c, string bad, bool inQuery, int at)
    {
        if (inQuery)
        {
            return (c with { Query = c.Query.Length == 0 ? "k=" + bad : c.Query + "&k=" + bad }, "query");
        }

        string path = c.Path.Length == 0 ? "/" : c.Path;
        int[] slashes = [.. Enumerable.Range(0, path.Length).Where(i => path[i] == '/')];
        int slash = slashes[at % slashes.Length];
        return (c with { Path = path.Insert(slash + 1, bad + "/") }, "path");
    }
}
