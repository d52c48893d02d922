using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Signing.Cli;

namespace Signing.Tests.Cli;

/// <summary><c>sigv curl -w/--write-out</c>: curl's variables, escapes and failure behaviour, in process against a loopback server.</summary>
public sealed class CurlWriteOutTests : IDisposable
{
    private static readonly string[] S3 = ["--aws-sigv4", "aws:amz:us-east-1:s3", "--user", "AKIAIOSFODNN7EXAMPLE:wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"];
    private readonly string _dir = Directory.CreateTempSubdirectory("sigv-curl-w-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void CurlWriteOut_Write_VariablesEscapesAndLiterals()
    {
        var info = new CurlTransferInfo("http://h/b/k") { HttpCode = 204, ContentType = "text/plain" };
        info.Uploaded(5);
        info.Downloaded(7);
        info.Downloaded(3);
        var (stdout, stderr, warnings) = Render(@"%{http_code}|%{response_code}|%{size_upload}|%{size_download}|%{url_effective}|%{content_type}|%%|%x|\n\t\r\q|%{", info);
        Assert.Equal("204|204|5|10|http://h/b/k|text/plain|%|%x|\n\t\r\\q|%{", stdout);
        Assert.Empty(stderr);
        Assert.Empty(warnings);
    }

    [Fact]
    public void CurlWriteOut_Write_NoResponse_ZeroCodeAndEmptyContentType()
    {
        var (stdout, _, _) = Render("[%{http_code}][%{content_type}][%{size_download}]", new CurlTransferInfo("http://h/"));
        Assert.Equal("[000][][0]", stdout);
    }

    [Fact]
    public void CurlWriteOut_Write_UnknownVariable_WarnsAndPrintsNothing()
    {
        var (stdout, _, warnings) = Render("a%{nope}b", new CurlTransferInfo("http://h/"));
        Assert.Equal("ab", stdout);
        Assert.Contains("'nope'", Assert.Single(warnings), StringComparison.Ordinal);
    }

    [Fact]
    public void CurlWriteOut_Write_StderrAndStdoutSwitchTheTarget()
    {
        var (stdout, stderr, _) = Render("1%{stderr}2%{http_code}%{stdout}3", new CurlTransferInfo("http://h/") { HttpCode = 200 });
        Assert.Equal("13", stdout);
        Assert.Equal("2200", stderr);
    }

    [Fact]
    public void CurlWriteOut_Value_TimeTotalSixDecimals()
    {
        var info = new CurlTransferInfo("http://h/");
        info.Stop();
        Assert.Matches(@"^\d+\.\d{6}$", CurlWriteOut.Value("time_total", info));
    }

    [Fact]
    public async Task Curl_WriteOut_AfterBodyWithCodeSizesAndType()
    {
        await using var server = new LoopbackServer();
        server.Respond("200 OK", "hello", "Content-Type: text/plain");
        string url = Url(server, "/b/k");
        var r = await RunAsync([.. S3, "-w", "\\n%{http_code} %{size_download} %{size_upload} %{content_type} %{url_effective}\\n", "--data-binary", "abc", url]);
        Assert.True(r.Code == 0, r.ToString());
        Assert.Equal($"hello\n200 5 3 text/plain {url}\n", r.Stdout);
    }

    [Fact]
    public async Task Curl_WriteOut_FailWithHttpError_StillWrittenExit22()
    {
        await using var server = new LoopbackServer();
        server.Respond("404 Not Found", "<Error><Code>NoSuchKey</Code></Error>", "Content-Type: application/xml");
        var r = await RunAsync([.. S3, "-sf", "--write-out=%{http_code}:%{size_download}", Url(server, "/b/k")]);
        Assert.Equal(22, r.Code);
        Assert.Equal("404:0", r.Stdout);
    }

    [Fact]
    public async Task Curl_WriteOut_NoServer_000AndCurlsExitCode()
    {
        int port;
        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        var r = await RunAsync(["-s", "-w", "%{http_code}", $"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/"]);
        Assert.Equal(7, r.Code);
        Assert.Equal("000", r.Stdout);
    }

    [Fact]
    public async Task Curl_WriteOut_AtFile_ReadsTheFormat()
    {
        await using var server = new LoopbackServer();
        string format = Path.Combine(_dir, "fmt.txt");
        File.WriteAllText(format, "code=%{http_code}\\n");
        var r = await RunAsync([.. S3, "-o", Path.Combine(_dir, "body"), "-w", "@" + format, Url(server, "/b/k")]);
        Assert.True(r.Code == 0, r.ToString());
        Assert.Equal("code=200\n", r.Stdout);
    }

    [Fact]
    public void Curl_WriteOut_MissingFormatFile_UsageErrorNamingIt()
    {
        var stderr = new StringWriter();
        int code = Sigv.Run(["curl", "-w", "@" + Path.Combine(_dir, "missing"), "http://127.0.0.1:1/"], new StringWriter(), stderr, new MemoryStream(), new MemoryStream());
        Assert.Equal(2, code);
        Assert.Contains("-w", stderr.ToString(), StringComparison.Ordinal);
        Assert.Contains("missing", stderr.ToString(), StringComparison.Ordinal);
    }

    private static (string Stdout, string Stderr, List<string> Warnings) Render(string format, CurlTransferInfo info)
    {
        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        var warnings = new List<string>();
        CurlWriteOut.Write(format, info, t => stdout.Append(t), t => stderr.Append(t), warnings.Add);
        return (stdout.ToString(), stderr.ToString(), warnings);
    }

    private static Task<(int Code, string Stdout, string Stderr)> RunAsync(string[] args) => Task.Run(() =>
    {
        var stdout = new MemoryStream();
        var stderr = new StringWriter();
        int code = Sigv.Run(["curl", .. args], new StringWriter(), stderr, stdout, new MemoryStream());
        return (code, Encoding.UTF8.GetString(stdout.ToArray()), stderr.ToString());
    });

    private static string Url(LoopbackServer server, string pathAndQuery) => server.BaseUri.GetLeftPart(UriPartial.Authority) + pathAndQuery;
}
