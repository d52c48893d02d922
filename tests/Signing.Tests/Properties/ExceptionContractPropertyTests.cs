using FsCheck;
using FsCheck.Fluent;
using G = Signing.Tests.Properties.SigningCaseGenerators;

namespace Signing.Tests.Properties;

/// <summary>
/// Property 2 in the corners where it failed when written (the broad junk properties leave these
/// inputs out so that they keep checking everything else): each entry point either works or
/// throws an ArgumentException.
/// </summary>
public class ExceptionContractPropertyTests
{
    private const int Runs = 300;

    private static readonly AwsCredentials Credentials = new("AKIDEXAMPLE", "SECRETSECRETSECRET");

    /// <summary>
    /// A URL whose host <see cref="Uri"/> accepts but cannot turn into an IDN (A-label) host, such as
    /// <c>https://\uECC2/</c>: Presign must refuse it with an ArgumentException, not let
    /// UriFormatException out of <see cref="Uri.IdnHost"/>.
    /// </summary>
    [Fact]
    public void SigV4Signer_Presign_UnconvertibleHostThrowsArgumentException()
    {
        var gen = from host in G.Concat(Gen.Frequency((2, G.OneOf("abc.-")), (1, Gen.Choose(0x80, 0xFFFD).Where(i => !char.IsSurrogate((char)i)).Select(i => ((char)i).ToString()))), 6)
                  from path in G.Path
                  select new UrlCase(host, path);
        var arb = Arb.From(gen.Where(x => Url(x.Host, x.Path) is not null), x => Shorter(x.Host).Select(h => new UrlCase(h, "/")).Where(y => Url(y.Host, y.Path) is not null));
        PropertyRunner.Check(nameof(SigV4Signer_Presign_UnconvertibleHostThrowsArgumentException), 0x5167_0601, Runs, arb, x =>
        {
            var url = Url(x.Host, x.Path)!;
            var v4 = new SigV4Signer(Credentials, "us-east-1", "s3");
            OnlyArgumentException("SigV4Signer.Presign", () => v4.Presign("GET", url, TimeSpan.FromMinutes(5), timestamp: DateTimeOffset.UnixEpoch));
            var v2 = new SigV2Signer(Credentials);
            OnlyArgumentException("SigV2Signer.Presign", () => v2.Presign("GET", url, TimeSpan.FromMinutes(5), timestamp: DateTimeOffset.UnixEpoch));
        });
    }

    /// <summary>
    /// <c>HttpHeader.Value</c> may be null (<c>default(HttpHeader)</c>, a record built from a missing
    /// value); SigV4 treats it as empty. SigV2 must not throw NullReferenceException for the headers it
    /// reads by name (Date, Content-MD5, Content-Type).
    /// </summary>
    [Fact]
    public void SigV2Signer_Sign_NullHeaderValueThrowsOnlyArgumentException()
    {
        var gen = from headers in G.Headers
                  from name in Gen.Elements("Date", "date", "Content-MD5", "Content-Type", "content-type", "x-amz-meta-a", "X-Amz-Date", "Host")
                  from at in Gen.Choose(0, 8)
                  select (HttpHeader[])[.. headers.Take(at), new HttpHeader(name, null!), .. headers.Skip(at)];
        var arb = Arb.From(gen, hs => Enumerable.Range(0, hs.Length).Where(i => hs[i].Value is not null).Select(i => (HttpHeader[])[.. hs[..i], .. hs[(i + 1)..]]));
        PropertyRunner.Check(nameof(SigV2Signer_Sign_NullHeaderValueThrowsOnlyArgumentException), 0x5167_0602, Runs, arb, headers =>
        {
            var signer = new SigV2Signer(Credentials);
            HttpRequestView View() => new("GET", "/bucket/key", "acl", headers) { Host = "s3.amazonaws.com" };
            OnlyArgumentException("Sign", () => signer.Sign(View(), DateTimeOffset.UnixEpoch));
            OnlyArgumentException("Explain", () => signer.Explain(View(), DateTimeOffset.UnixEpoch));
            OnlyArgumentException("PresignTarget", () => signer.PresignTarget(View(), TimeSpan.FromMinutes(5), DateTimeOffset.UnixEpoch));
        });
    }

    /// <summary>
    /// A path too long to sign (its worst-case encoding passes int.MaxValue) must be refused with an
    /// ArgumentException; the engine's checked <c>chars * 9</c> bound throws OverflowException from
    /// 238,609,295 chars. (A 477 MB string: the only way to reach that bound.)
    /// </summary>
    [Fact]
    public void SigV4Signer_Sign_PathTooLongToEncodeThrowsArgumentException()
    {
        string path = string.Create(238_609_295, 0, (span, _) =>
        {
            span.Fill('a');
            span[0] = '/';
        });
        var signer = new SigV4Signer(Credentials, "us-east-1", "s3");
        OnlyArgumentException("Sign", () => signer.Sign(new HttpRequestView("GET", path, string.Empty, []) { Host = "h" }, DateTimeOffset.UnixEpoch));
    }

    /// <summary>
    /// The query bound <c>chars * 9 + chars + 2</c> is summed in int and wraps from 214,748,365 chars:
    /// the buffer is then too small and Sign throws InvalidOperationException ("Internal error: the
    /// canonical request outgrew its computed bound") after about 16 s of encoding into it.
    /// </summary>
    [Fact]
    public void SigV4Signer_Sign_QueryTooLongToEncodeThrowsArgumentException()
    {
        string query = new('a', 214_748_365);
        var signer = new SigV4Signer(Credentials, "us-east-1", "s3");
        OnlyArgumentException("Sign", () => signer.Sign(new HttpRequestView("GET", "/", query, []) { Host = "h" }, DateTimeOffset.UnixEpoch));
    }

    internal static void OnlyArgumentException(string what, Func<object> call)
    {
        try
        {
            call();
        }
        catch (ArgumentException)
        {
        }
        catch (Exception ex)
        {
            throw new Xunit.Sdk.XunitException($"{what} threw {ex.GetType().FullName}, not an ArgumentException: {ex.Message}", ex);
        }
    }

    private static Uri? Url(string host, string path) =>
        Uri.TryCreate($"https://{host}{(path.Length == 0 ? "/" : path)}", UriKind.Absolute, out var url) ? url : null;

    private static IEnumerable<string> Shorter(string s) => Enumerable.Range(0, s.Length).Select(i => s.Remove(i, 1)).Where(x => x.Length > 0);

    private sealed record UrlCase(string Host, string Path)
    {
        public override string ToString() => $"host {PropertyRunner.Literal(Host)}, path {PropertyRunner.Literal(Path)}";
    }
}
