using System.Globalization;
using Signing.Cli;
using Signing.Tests.Vectors;

namespace Signing.Tests.Cli;

/// <summary>Every published vector, run through <c>sigv sign</c> as command-line arguments.</summary>
public class SignCommandVectorTests
{
    public static TheoryData<string> V4Header => VectorCase.Names("AWS4-HMAC-SHA256", c => c.Header is not null && !HasLineBreak(c));

    public static TheoryData<string> V4Query => VectorCase.Names("AWS4-HMAC-SHA256", c => c.QueryExpect is not null && !HasLineBreak(c));

    /// <summary>
    /// Vectors with a line break in a header value (obsolete line folding, get-header-value-multiline):
    /// sigv refuses CR and LF in -H (header injection, issue 10), so they are checked for that refusal
    /// instead; the engine's own vector tests cover their canonical form.
    /// </summary>
    public static TheoryData<string> V4LineBreak => VectorCase.Names("AWS4-HMAC-SHA256", c => c.Header is not null && HasLineBreak(c));

    public static TheoryData<string> V2Header => VectorCase.Names("AWS-SIGV2", c => c.Header is not null && c.Skip is null);

    public static TheoryData<string> V2Query => VectorCase.Names("AWS-SIGV2", c => c.QueryExpect is not null && c.Skip is null);

    [Theory]
    [MemberData(nameof(V4Header))]
    public void SignCommand_V4Header_PrintsPublishedAuthorization(string id)
    {
        var c = VectorCase.Get("AWS4-HMAC-SHA256", id);
        var (code, stdout, stderr) = Run(V4Args(c));
        Assert.True(code == 0, $"{id}: exit {code}: {stderr}");
        string authorization = stdout.Split('\n').Single(l => l.StartsWith("Authorization: ", StringComparison.Ordinal))["Authorization: ".Length..].TrimEnd('\r');
        Assert.EndsWith("Signature=" + VectorCase.Str(c.Header!.Value, "signature"), authorization, StringComparison.Ordinal);
        Assert.Contains("x-amz-date", authorization, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(V4Query))]
    public void SignCommand_V4Presign_PrintsPublishedSignature(string id)
    {
        var c = VectorCase.Get("AWS4-HMAC-SHA256", id);
        var args = V4Args(c);
        args.AddRange(["--presign", "--expires", ((long)c.Expires.TotalSeconds).ToString(CultureInfo.InvariantCulture)]);
        if (VectorCase.Str(c.Request, "payloadHash") == "UNSIGNED-PAYLOAD")
        {
            args.Add("--unsigned-payload");
        }

        var (code, stdout, stderr) = Run(args);
        Assert.True(code == 0, $"{id}: exit {code}: {stderr}");
        string url = stdout.Trim();
        Assert.Single(stdout.Trim().Split('\n'));
        Assert.Contains("X-Amz-Signature=" + VectorCase.Str(c.QueryExpect!.Value, "signature"), url, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(V2Header))]
    public void SignCommand_V2Header_PrintsPublishedAuthorization(string id)
    {
        var c = VectorCase.Get("AWS-SIGV2", id);
        var args = V2Args(c);
        args.AddRange(["--date", c.Timestamp.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture)]);
        var (code, stdout, stderr) = Run(args);
        Assert.True(code == 0, $"{id}: exit {code}: {stderr}");
        Assert.Contains("Authorization: " + VectorCase.Str(c.Header!.Value, "authorization"), stdout, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(V2Query))]
    public void SignCommand_V2Presign_PrintsPublishedSignature(string id)
    {
        var c = VectorCase.Get("AWS-SIGV2", id);
        long expires = c.Root.GetProperty("expires").GetInt64();
        var args = V2Args(c);
        string date = DateTimeOffset.FromUnixTimeSeconds(expires - 600).ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        args.AddRange(["--presign", "--date", date, "--expires", "600"]);
        var (code, stdout, stderr) = Run(args);
        Assert.True(code == 0, $"{id}: exit {code}: {stderr}");
        Assert.Contains("Signature=" + Uri.EscapeDataString(VectorCase.Str(c.QueryExpect!.Value, "signature")!), stdout, StringComparison.Ordinal);
        Assert.Contains("Expires=" + expires.ToString(CultureInfo.InvariantCulture), stdout, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(V4LineBreak))]
    public void SignCommand_V4HeaderWithLineBreak_UsageErrorNamingTheHeader(string id)
    {
        var c = VectorCase.Get("AWS4-HMAC-SHA256", id);
        var (code, stdout, stderr) = Run(V4Args(c));
        Assert.True(code == 2, $"{id}: exit {code}: {stderr}");
        Assert.Empty(stdout);
        Assert.Single(stderr.Trim().Split('\n'));
        Assert.Contains("contains a line feed (LF)", stderr, StringComparison.Ordinal);
    }

    internal static (int Code, string Stdout, string Stderr) Run(IEnumerable<string> args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = Sigv.Run([.. args], stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    private static List<string> V4Args(VectorCase c)
    {
        var creds = c.Root.GetProperty("credentials");
        var args = new List<string>
        {
            "sign", "-X", c.Method, Url(c),
            "--aws-sigv4", $"aws:amz:{c.Region}:{c.Service}",
            "--user", $"{creds.GetProperty("accessKeyId").GetString()}:{creds.GetProperty("secretAccessKey").GetString()}",
            "--date", c.Timestamp.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture),
        };
        var o = c.Options;
        args.Add(o.PathNormalization == PathNormalization.Normalize ? "--normalize-path" : "--no-normalize-path");
        args.Add(o.PathEncoding == PathEncoding.Double ? "--double-encode-path" : "--single-encode-path");
        if (o.ContentSha256Header != ContentSha256Header.Omit)
        {
            args.Add("--sign-content-sha256");
        }

        if (o.SessionToken == SessionTokenSigning.AppendedAfterSigning)
        {
            args.Add("--omit-session-token");
        }

        if (c.Credentials.SessionToken is { } token)
        {
            args.AddRange(["--session-token", token]);
        }

        if (VectorCase.Str(c.Request, "payloadHash") is { } hash && hash != "UNSIGNED-PAYLOAD")
        {
            args.AddRange(["-H", "x-amz-content-sha256: " + hash]);   // streaming seeds: the hash is given, not computed
        }

        AddHeadersAndBody(c, args);
        return args;
    }

    private static List<string> V2Args(VectorCase c)
    {
        var args = new List<string> { "sign", "--sigv2", "-X", c.Method, Url(c), "--user", $"{c.Credentials.AccessKeyId}:{c.Credentials.SecretAccessKey}" };
        if (c.Bucket is not null)
        {
            args.AddRange(["--bucket", c.Bucket]);
        }

        AddHeadersAndBody(c, args);
        return args;
    }

    private static void AddHeadersAndBody(VectorCase c, List<string> args)
    {
        foreach (var h in c.Headers)
        {
            args.AddRange(["-H", $"{h.Name}:{h.Value}"]);
        }

        if (VectorCase.Str(c.Request, "body") is { Length: > 0 } body)
        {
            args.AddRange(["--data-binary", body]);
        }
    }

    private static bool HasLineBreak(VectorCase c) => c.Headers.Any(h => h.Value.Contains('\n', StringComparison.Ordinal) || h.Value.Contains('\r', StringComparison.Ordinal));

    private static string Url(VectorCase c) => "https://" + c.Headers.First(h => h.Name.Equals("Host", StringComparison.OrdinalIgnoreCase)).Value + c.Target;
}
