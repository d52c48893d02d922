using System.Globalization;
using System.Text;

namespace Signing.Tests.Properties;

/// <summary>
/// One generated SigV4 signing input: the request (path and query in wire form) and the context
/// (options, credentials, scope, time). Immutable; <see cref="ToString"/> prints C# that rebuilds it.
/// </summary>
internal sealed record SigningCase(
    string Method,
    string Path,
    string Query,
    HttpHeader[] Headers,
    string Host,
    string PayloadHash,
    SigningOptions Options,
    string Secret,
    string? Token,
    string Region,
    string Service,
    DateTimeOffset Time)
{
    public const string AccessKeyId = "AKIDEXAMPLE";

    public HttpRequestView View() => new(Method, Path, Query, Headers) { Host = Host, PayloadHash = PayloadHash };

    public AwsCredentials Credentials() => new(AccessKeyId, Secret, Token);

    /// <summary>A signer with its own key cache, so no case depends on another.</summary>
    public SigV4Signer Signer() => new(Credentials(), Region, Service, Options, keyCache: new SigningKeyCache());

    public override string ToString()
    {
        var sb = new StringBuilder("\nnew SigningCase(");
        sb.Append(PropertyRunner.Literal(Method)).Append(", ");
        sb.Append(PropertyRunner.Literal(Path)).Append(", ");
        sb.Append(PropertyRunner.Literal(Query)).Append(",\n  [");
        foreach (var h in Headers)
        {
            sb.Append("new(").Append(PropertyRunner.Literal(h.Name)).Append(", ").Append(PropertyRunner.Literal(h.Value)).Append("), ");
        }

        sb.Append("],\n  ").Append(PropertyRunner.Literal(Host)).Append(", ").Append(PropertyRunner.Literal(PayloadHash));
        sb.Append(",\n  new SigningOptions { PathEncoding = PathEncoding.").Append(Options.PathEncoding)
            .Append(", PathNormalization = PathNormalization.").Append(Options.PathNormalization)
            .Append(", ContentSha256Header = ContentSha256Header.").Append(Options.ContentSha256Header)
            .Append(", SessionToken = SessionTokenSigning.").Append(Options.SessionToken).Append(" },\n  ");
        sb.Append(PropertyRunner.Literal(Secret)).Append(", ").Append(PropertyRunner.Literal(Token)).Append(", ");
        sb.Append(PropertyRunner.Literal(Region)).Append(", ").Append(PropertyRunner.Literal(Service)).Append(", ");
        sb.Append("new DateTimeOffset(").Append(Time.Ticks.ToString(CultureInfo.InvariantCulture)).Append(", TimeSpan.FromMinutes(").Append(Time.Offset.TotalMinutes.ToString(CultureInfo.InvariantCulture)).Append(")))");
        return sb.ToString();
    }
}
