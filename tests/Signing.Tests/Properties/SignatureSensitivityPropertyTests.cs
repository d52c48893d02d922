using FsCheck;
using FsCheck.Fluent;
using G = Signing.Tests.Properties.SigningCaseGenerators;

namespace Signing.Tests.Properties;

/// <summary>
/// Property 3: the signature changes whenever a signed component changes (method, a path char, a
/// query parameter, a signed header value, the payload hash, the time, region, service, secret,
/// a signed token) and stays the same when only an unsigned header changes.
/// </summary>
public class SignatureSensitivityPropertyTests
{
    private const int Runs = 1000;

    internal enum Part
    {
        Method,
        Path,
        Query,
        SignedHeader,
        PayloadHash,
        Timestamp,
        Region,
        Service,
        Secret,
        Token,
    }

    [Fact]
    public void SigV4Signer_Sign_SignatureChangesWhenSignedPartChanges()
    {
        int vacuous = 0;
        int rejected = 0;
        var arb = Arb.From(Gen.Elements(Enum.GetValues<Part>()).SelectMany(part => Mutations.Signed(part)));
        PropertyRunner.Check(nameof(SigV4Signer_Sign_SignatureChangesWhenSignedPartChanges), 0x5167_0301, Runs, arb, m =>
        {
            // The reference decides whether the change is one the rules sign ("/a/../b" -> "/ax/../b" is not).
            if (ReferenceSigV4.Signature(m.Before) == ReferenceSigV4.Signature(m.After))
            {
                vacuous++;
                return;
            }

            string before = m.Before.Signer().Sign(m.Before.View(), m.Before.Time).Signature;
            string after;
            try
            {
                after = m.After.Signer().Sign(m.After.View(), m.After.Time).Signature;
            }
            catch (ArgumentException)
            {
                rejected++; // an invalid changed value may be refused; it must not be signed like the original
                return;
            }

            Assert.True(before != after, $"{m.What}: the signature did not change ({before}).");
        });
        Assert.True(vacuous < Runs * PropertyRunner.RunFactor / 4, $"{vacuous} of {Runs} changes were not signed changes: the generator is too weak.");
        Assert.True(rejected < Runs * PropertyRunner.RunFactor / 4, $"{rejected} of {Runs} changed requests were rejected: the generator is too weak.");
    }

    [Fact]
    public void SigV4Signer_Sign_SignatureUnchangedWhenUnsignedHeaderChanges()
    {
        var arb = Arb.From(Mutations.Unsigned());
        PropertyRunner.Check(nameof(SigV4Signer_Sign_SignatureUnchangedWhenUnsignedHeaderChanges), 0x5167_0302, Runs, arb, m =>
        {
            string before = m.Before.Signer().Sign(m.Before.View(), m.Before.Time).Signature;
            string after = m.After.Signer().Sign(m.After.View(), m.After.Time).Signature;
            Assert.True(before == after, $"{m.What}: the signature changed ({before} -> {after}).");
        });
    }

    /// <summary>A case and a changed copy; <see cref="What"/> says what changed, for the failure message.</summary>
    internal sealed record Mutation(SigningCase Before, SigningCase After, string What)
    {
        public override string ToString() => $"{What}\nbefore: {Before}\nafter: {After}";
    }

    private static class Mutations
    {
        private static readonly Gen<SigningCase> Base = G.Cases(G.AnyOptions);

        public static Gen<Mutation> Signed(Part part) => part switch
        {
            Part.Method => from c in Base from ch in G.OneOf(G.TokenChars) select M(c, c with { Method = c.Method + ch }, $"method + '{ch}'"),
            Part.Path => from c in Base from piece in G.PathPiece from at in Gen.Choose(1, 1000) select InsertPath(c, piece, at),
            Part.Query => from c in Base from param in G.QueryParam from at in Gen.Choose(0, 1000) from append in Gen.Elements(true, false) select ChangeQuery(c, param, at, append),
            Part.SignedHeader => from c in Base from ch in G.OneOf(G.Printable) from at in Gen.Choose(0, 1000) select ChangeHeader(c, ch, at),
            Part.PayloadHash => from c in Base from kind in Gen.Choose(0, 2) from at in Gen.Choose(0, 63) from hex in G.Hex64 from u in Gen.Choose(0x21, 0x7E) select ChangePayload(c, kind, at, hex, (char)u),
            Part.Timestamp => from c in Base from s in Gen.Choose(1, 5_000_000) select M(c, c with { Time = c.Time.AddSeconds(s) }, $"time + {s} s"),
            Part.Region => from c in Base from r in G.Region.Where(r => r != "us-east-1") select M(c with { Region = "us-east-1" }, c with { Region = r }, $"region us-east-1 -> {r}"),
            Part.Service => from c in Base from s in G.Service.Where(s => s != "s3") select M(c with { Service = "s3" }, c with { Service = s }, $"service s3 -> {s}"),
            Part.Secret => from c in Base from ch in G.OneOf(G.TokenChars) select M(c, c with { Secret = c.Secret + ch }, $"secret + '{ch}'"),
            _ => from c in Base from ch in G.OneOf(G.TokenChars)
                 let signed = c with { Options = c.Options with { SessionToken = SessionTokenSigning.Signed } }
                 select M(signed, signed with { Token = (signed.Token ?? "tok") + ch }, $"signed token + '{ch}'"),
        };

        public static Gen<Mutation> Unsigned() =>
            from c in Base
            from name in Gen.Elements([.. ReferenceSigV4.NeverSigned, "User-Agent", "X-Amz-Date"])
            from value in G.HeaderValue
            from replace in Gen.Elements(true, false)
            from token in G.Secret
            select ChangeUnsigned(c, name, value, replace, token);

        private static Mutation M(SigningCase before, SigningCase after, string what) => new(before, after, what);

        private static Mutation InsertPath(SigningCase c, string piece, int at)
        {
            string path = c.Path.Length == 0 ? "/" : c.Path;
            int i = 1 + (at % path.Length);
            return M(c, c with { Path = path.Insert(i, piece) }, $"path: insert {PropertyRunner.Literal(piece)} at {i}");
        }

        private static Mutation ChangeQuery(SigningCase c, string param, int at, bool append)
        {
            if (append || c.Query.Length == 0)
            {
                string q = c.Query.Length == 0 ? param : c.Query + "&" + param;
                return M(c, c with { Query = q }, $"query: append {PropertyRunner.Literal(param)}");
            }

            int i = at % (c.Query.Length + 1);
            return M(c, c with { Query = c.Query.Insert(i, param) }, $"query: insert {PropertyRunner.Literal(param)} at {i}");
        }

        private static Mutation ChangeHeader(SigningCase c, string ch, int at)
        {
            int[] signed = [.. Enumerable.Range(0, c.Headers.Length).Where(i => !ReferenceSigV4.NeverSigned.Contains(c.Headers[i].Name.ToLowerInvariant()))];
            if (signed.Length == 0)
            {
                return M(c, c with { Headers = [.. c.Headers, new("x-amz-meta-added", ch)] }, $"header: add x-amz-meta-added: {PropertyRunner.Literal(ch)}");
            }

            int index = signed[at % signed.Length];
            var h = c.Headers[index];
            int pos = at % (h.Value.Length + 1);
            HttpHeader[] headers = [.. c.Headers];
            headers[index] = h with { Value = h.Value.Insert(pos, ch) };
            return M(c, c with { Headers = headers }, $"header {h.Name}: insert {PropertyRunner.Literal(ch)} at {pos}");
        }

        /// <summary>
        /// Kinds: 0 another hex hash; 1 one char changed to another printable ASCII char; 2 UNSIGNED-PAYLOAD.
        /// Chars outside printable ASCII are PayloadHashPropertyTests' subject (the engine signs "\u0125" like "%").
        /// </summary>
        private static Mutation ChangePayload(SigningCase c, int kind, int at, string hex, char u)
        {
            string current = ReferenceSigV4.PayloadHash(c);
            var before = c with { PayloadHash = current };
            int i = at % current.Length;
            string changed = kind switch
            {
                0 => hex,
                1 => current[..i] + u + current[(i + 1)..],
                _ => "UNSIGNED-PAYLOAD",
            };
            return M(before, c with { PayloadHash = changed }, $"payload hash {PropertyRunner.Literal(current)} -> {PropertyRunner.Literal(changed)}");
        }

        private static Mutation ChangeUnsigned(SigningCase c, string name, string value, bool replace, string token)
        {
            int existing = Array.FindIndex(c.Headers, h => h.Name.Equals(name, StringComparison.OrdinalIgnoreCase));
            HttpHeader[] headers = [.. c.Headers];
            if (replace && existing >= 0)
            {
                headers[existing] = new HttpHeader(name, value);
            }
            else
            {
                headers = [.. headers, new HttpHeader(name, value)];
            }

            var after = c with { Headers = headers };
            string what = $"unsigned header {name}: {PropertyRunner.Literal(value)}";
            if (c.Options.SessionToken == SessionTokenSigning.AppendedAfterSigning)
            {
                after = after with { Token = "tok" + token };
                what += $"; unsigned token {PropertyRunner.Literal(c.Token)} -> {PropertyRunner.Literal(after.Token)}";
            }

            return M(c, after, what);
        }
    }
}
