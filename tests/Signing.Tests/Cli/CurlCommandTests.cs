using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Signing.Cli;

namespace Signing.Tests.Cli;

/// <summary>
/// <c>sigv curl</c> in process: curl's flag forms, and what goes on the wire to a loopback server
/// (which recomputes the signature from the raw request, as a server does).
/// </summary>
public sealed class CurlCommandTests : IDisposable
{
    private const string AccessKey = "AKIAIOSFODNN7EXAMPLE";
    private const string Secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    private static readonly string[] S3 = ["--aws-sigv4", "aws:amz:us-east-1:s3", "--user", $"{AccessKey}:{Secret}"];
    private readonly string _dir = Directory.CreateTempSubdirectory("sigv-curl-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    // ---- flags ----

    [Fact]
    public void CurlFlags_Parse_ClusteredSwitches()
    {
        var f = CurlFlags.Parse(["-sSfI", "-vik#", "http://h/"]);
        Assert.True(f.Silent && f.ShowError && f.Fail && f.Head && f.Verbose && f.Include && f.Insecure && f.ProgressBar);
        Assert.True(f.ShowErrors);
    }

    [Fact]
    public void CurlFlags_Parse_ClusterEndingInValueFlag()
    {
        var f = CurlFlags.Parse(["-sXPUT", "-so", "out.bin", "-fT", "up.bin", "http://h/"]);
        Assert.True(f.Silent && f.Fail);
        Assert.False(f.ShowErrors);
        Assert.Equal("PUT", f.Signing.Method);
        Assert.Equal("out.bin", f.Output);
        Assert.Equal("up.bin", f.UploadFile);
    }

    [Fact]
    public void CurlFlags_Parse_GluedAndLongForms()
    {
        var f = CurlFlags.Parse(["--header=X-A: 1", "--request=DELETE", "--max-time=2.5", "--connect-timeout", "0.25", "--output=-", "--url=http://h/k", "-m", "0"]);
        Assert.Equal(new[] { new HttpHeader("X-A", "1") }, f.Signing.Headers);
        Assert.Equal("DELETE", f.Signing.Method);
        Assert.Null(f.MaxTime); // the later -m 0: no limit, as curl
        Assert.Equal(TimeSpan.FromMilliseconds(250), f.ConnectTimeout);
        Assert.Equal("-", f.Output);
        Assert.Equal("http://h/k", f.Signing.Url);
        Assert.Equal(TimeSpan.FromSeconds(2.5), CurlFlags.Parse(["--max-time", "2.5", "http://h/"]).MaxTime);
    }

    [Fact]
    public void CurlFlags_Parse_HeaderForms_SendRemoveOrEmpty()
    {
        var f = CurlFlags.Parse(["-H", "X-A:  spaced ", "-H", "Accept:", "-H", "X-Empty;", "http://h/"]);
        Assert.Equal(new[] { new HttpHeader("X-A", "spaced "), new HttpHeader("X-Empty", string.Empty) }, f.Signing.Headers);
        Assert.Equal(new[] { "Accept" }, f.Signing.RemovedHeaders);
    }

    [Fact]
    public void CurlFlags_Parse_DataFlags_ReadFilesAsCurl()
    {
        string path = Write("crlf.txt", "a\r\nb\nc"u8);
        Assert.Equal("abc&x=1", Body(CurlFlags.Parse(["-d", "@" + path, "-d", "x=1", "http://h/"])));
        Assert.Equal("a\r\nb\nc", Body(CurlFlags.Parse(["--data-binary", "@" + path, "http://h/"])));
        Assert.Equal("@" + path, Body(CurlFlags.Parse(["--data-raw", "@" + path, "http://h/"])));
        Assert.Equal("from stdin", Body(CurlFlags.Parse(["--data", "@-", "http://h/"], () => new MemoryStream("from\r\n stdin\n"u8.ToArray()))));

        static string Body(CurlFlags f) => Encoding.UTF8.GetString(f.Signing.Body!);
    }

    [Theory]
    [InlineData("--location")]
    [InlineData("-L")]
    [InlineData("--bogus=1")]
    [InlineData("-sZ")]
    public void Curl_UnknownFlag_ExitsTwoNamingIt(string flag)
    {
        var r = Run(["http://127.0.0.1:1/", flag]);
        Assert.Equal(2, r.Code);
        Assert.Single(r.Stderr.Trim().Split('\n'));
        Assert.Contains($"'{flag.Split('=')[0].Replace("-sZ", "-Z", StringComparison.Ordinal)}'", r.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("-T", "nofile.bin", "-d", "x")]
    [InlineData("-I", "-d", "x")]
    [InlineData("--chunked")]
    [InlineData("--sigv2", "--chunked", "-d", "x")]
    [InlineData("--sigv2", "--unsigned-payload")]
    [InlineData("--chunked", "--unsigned-payload", "-d", "x")]
    [InlineData("-f", "--fail-with-body")]
    [InlineData("--presign")]
    [InlineData("--max-time", "soon")]
    [InlineData("--max-time", "-1")]
    [InlineData("--connect-timeout", "1,5")]
    [InlineData("-T", "no-such-file.bin")]
    [InlineData("--data-binary", "@no-such-file.bin")]
    [InlineData("-H", "no colon")]
    public void Curl_BadUsage_ExitsTwoWithOneLine(params string[] flags)
    {
        var r = Run([.. flags, "http://127.0.0.1:1/b/k", "--user", $"{AccessKey}:{Secret}"]);
        Assert.True(r.Code == 2, r.ToString());
        Assert.Single(r.Stderr.Trim().Split('\n'));
        Assert.Empty(r.Stdout);
        Assert.DoesNotContain(Secret, r.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Curl_NoUrl_ExitsTwo()
    {
        var r = Run(["-s"]);
        Assert.Equal(2, r.Code);
        Assert.Contains("no URL", r.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Curl_BadUser_SaysValueNotShown()
    {
        var r = Run(["--user", "only-one-part", "http://127.0.0.1:1/"]);
        Assert.Equal(2, r.Code);
        Assert.Contains("value not shown", r.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("only-one-part", r.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Curl_Help_PrintsUsage()
    {
        var r = Run(["--help"]);
        Assert.Equal(0, r.Code);
        Assert.StartsWith("Usage: sigv curl", r.Text, StringComparison.Ordinal);
        Assert.Contains("--fail-with-body", r.Text, StringComparison.Ordinal);
    }

    // ---- the wire ----

    [Fact]
    public async Task Curl_Get_SendsPathAsTypedWithContentSha256AndAVerifiableSignature()
    {
        await using var server = new LoopbackServer();
        var r = await RunAsync([.. S3, Url(server, "/bucket/a/../b//c%2Fd?list-type=2&prefix=logs/")]);
        Assert.True(r.Code == 0, r.ToString());
        var raw = Assert.Single(server.Requests);
        Assert.Equal("GET", raw.Method);
        Assert.Equal("/bucket/a/../b//c%2Fd?list-type=2&prefix=logs/", raw.Target);
        Assert.Equal("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", raw.Header("x-amz-content-sha256"));
        Assert.Equal("*/*", raw.Header("Accept"));
        Assert.StartsWith("sigv/", raw.Header("User-Agent"), StringComparison.Ordinal);
        AssertSignatureVerifies(raw);
    }

    [Fact]
    public async Task Curl_Data_PostsFormBodyHashedAndSigned()
    {
        await using var server = new LoopbackServer();
        var r = await RunAsync([.. S3, "-d", "a=1", "-d", "b=2", Url(server, "/form")]);
        Assert.True(r.Code == 0, r.ToString());
        var raw = Assert.Single(server.Requests);
        Assert.Equal("POST", raw.Method);
        Assert.Equal("a=1&b=2", Encoding.UTF8.GetString(raw.Body));
        Assert.Equal("application/x-www-form-urlencoded", raw.Header("Content-Type"));
        Assert.Equal(Sha256Hex("a=1&b=2"u8), raw.Header("x-amz-content-sha256"));
        Assert.Contains("content-type;", raw.Header("Authorization"), StringComparison.Ordinal);
        AssertSignatureVerifies(raw);
    }

    [Fact]
    public async Task Curl_Headers_ReplaceRemoveAndSendEmpty()
    {
        await using var server = new LoopbackServer();
        var r = await RunAsync([.. S3, "-XPUT", "--data-binary", "x", "-H", "Content-Type: text/plain", "-H", "Accept:", "-H", "x-amz-meta-empty;", "-H", "x-amz-meta-a: 1", "-H", "x-amz-meta-a: 2", Url(server, "/b/k")]);
        Assert.True(r.Code == 0, r.ToString());
        var raw = Assert.Single(server.Requests);
        Assert.Equal("PUT", raw.Method);
        Assert.Equal("text/plain", raw.Header("Content-Type"));
        Assert.DoesNotContain(raw.Headers, h => h.Name.Equals("Accept", StringComparison.OrdinalIgnoreCase));
        Assert.Equal(string.Empty, raw.Header("x-amz-meta-empty"));
        Assert.Equal("1, 2", raw.Header("x-amz-meta-a"));
        AssertSignatureVerifies(raw);
    }

    [Fact]
    public async Task Curl_UploadFile_UrlEndingInSlashGetsTheEncodedFileName()
    {
        await using var server = new LoopbackServer();
        byte[] data = RandomNumberGenerator.GetBytes(200_000);
        string path = Write("a b+c.bin", data);
        var r = await RunAsync([.. S3, "-T", path, Url(server, "/bucket/dir/?x=1")]);
        Assert.True(r.Code == 0, r.ToString());
        var raw = Assert.Single(server.Requests);
        Assert.Equal("PUT", raw.Method);
        Assert.Equal("/bucket/dir/a%20b%2Bc.bin?x=1", raw.Target);
        Assert.Equal(data, raw.Body);
        Assert.Equal(Sha256Hex(data), raw.Header("x-amz-content-sha256"));
        Assert.DoesNotContain(raw.Headers, h => h.Name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase)); // curl -T sends none
        AssertSignatureVerifies(raw);
    }

    [Fact]
    public async Task Curl_UploadStdin_SendsIt()
    {
        await using var server = new LoopbackServer();
        var r = await RunAsync([.. S3, "-T", "-", Url(server, "/b/k")], stdin: "piped\r\n"u8.ToArray());
        Assert.True(r.Code == 0, r.ToString());
        var raw = Assert.Single(server.Requests);
        Assert.Equal("/b/k", raw.Target);
        Assert.Equal("piped\r\n"u8.ToArray(), raw.Body);
        AssertSignatureVerifies(raw);
    }

    [Fact]
    public async Task Curl_UnsignedPayload_SignsUnsignedPayload()
    {
        await using var server = new LoopbackServer();
        var r = await RunAsync([.. S3, "--unsigned-payload", "-T", Write("f", "data"u8), Url(server, "/b/k")]);
        Assert.True(r.Code == 0, r.ToString());
        var raw = Assert.Single(server.Requests);
        Assert.Equal("UNSIGNED-PAYLOAD", raw.Header("x-amz-content-sha256"));
        Assert.Equal("data"u8.ToArray(), raw.Body);
        AssertSignatureVerifies(raw);
    }

    [Fact]
    public async Task Curl_Chunked_SendsAwsChunkedBody()
    {
        await using var server = new LoopbackServer();
        byte[] data = RandomNumberGenerator.GetBytes(100_000);
        var r = await RunAsync([.. S3, "--chunked", "-T", Write("f", data), Url(server, "/b/k")]);
        Assert.True(r.Code == 0, r.ToString());
        var raw = Assert.Single(server.Requests);
        Assert.Equal("STREAMING-AWS4-HMAC-SHA256-PAYLOAD", raw.Header("x-amz-content-sha256"));
        Assert.Equal("aws-chunked", raw.Header("Content-Encoding"));
        Assert.Equal("100000", raw.Header("x-amz-decoded-content-length"));
        Assert.Contains("x-amz-decoded-content-length", raw.Header("Authorization"), StringComparison.Ordinal);
        Assert.StartsWith("10000;chunk-signature=", Encoding.ASCII.GetString(raw.Body, 0, 40), StringComparison.Ordinal);
        AssertSignatureVerifies(raw);
    }

    [Fact]
    public async Task Curl_OtherService_NoContentSha256Header()
    {
        await using var server = new LoopbackServer();
        var r = await RunAsync(["--aws-sigv4", "aws:amz:eu-west-1:execute-api", "--user", $"{AccessKey}:{Secret}", Url(server, "/stage/x")]);
        Assert.True(r.Code == 0, r.ToString());
        var raw = Assert.Single(server.Requests);
        Assert.DoesNotContain(raw.Headers, h => h.Name.Equals("x-amz-content-sha256", StringComparison.OrdinalIgnoreCase));
        Assert.Contains("/eu-west-1/execute-api/aws4_request", raw.Header("Authorization"), StringComparison.Ordinal);
        AssertSignatureVerifies(raw, "eu-west-1", "execute-api");
    }

    [Fact]
    public async Task Curl_SigV2_SignsWithHmacSha1()
    {
        await using var server = new LoopbackServer();
        var r = await RunAsync(["--sigv2", "--user", $"{AccessKey}:{Secret}", "-T", Write("f", "v2"u8), "-H", "Content-Type: text/plain", "-H", "x-amz-meta-k: v", Url(server, "/b/k")]);
        Assert.True(r.Code == 0, r.ToString());
        var raw = Assert.Single(server.Requests);
        Assert.StartsWith($"AWS {AccessKey}:", raw.Header("Authorization"), StringComparison.Ordinal);
        var headers = raw.Headers.Where(h => h.Name is "Content-Type" or "Date" || h.Name.StartsWith("x-amz-", StringComparison.OrdinalIgnoreCase)).ToArray();
        var expected = new SigV2Signer(new AwsCredentials(AccessKey, Secret)).Sign(new HttpRequestView("PUT", "/b/k", string.Empty, headers), DateTimeOffset.Parse(raw.Header("Date"), System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(expected.Authorization, raw.Header("Authorization"));
    }

    [Fact]
    public async Task Curl_Head_SendsHeadAndPrintsTheResponseHead()
    {
        await using var server = new LoopbackServer();
        server.Respond("200 OK", "body!", "X-Thing: yes");
        var r = await RunAsync([.. S3, "-I", Url(server, "/b/k")]);
        Assert.True(r.Code == 0, r.ToString());
        Assert.Equal("HEAD", Assert.Single(server.Requests).Method);
        Assert.StartsWith("HTTP/1.1 200 OK\r\n", r.Text, StringComparison.Ordinal);
        Assert.Contains("X-Thing: yes\r\n", r.Text, StringComparison.Ordinal);
        Assert.Contains("Content-Length: 5\r\n", r.Text, StringComparison.Ordinal);
        Assert.EndsWith("\r\n\r\n", r.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Curl_Include_PrintsTheHeadThenTheBody()
    {
        await using var server = new LoopbackServer();
        server.Respond("200 OK", "body!", "X-Thing: yes");
        var r = await RunAsync([.. S3, "-i", Url(server, "/b/k")]);
        Assert.True(r.Code == 0, r.ToString());
        Assert.StartsWith("HTTP/1.1 200 OK\r\n", r.Text, StringComparison.Ordinal);
        Assert.EndsWith("\r\n\r\nbody!", r.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Curl_Output_WritesTheFileNotStdout()
    {
        await using var server = new LoopbackServer();
        server.Respond("200 OK", "to the file");
        string path = Path.Combine(_dir, "out.txt");
        var r = await RunAsync([.. S3, "-o", path, "--progress-bar", Url(server, "/b/k")]);
        Assert.True(r.Code == 0, r.ToString());
        Assert.Empty(r.Stdout);
        Assert.Equal(string.Empty, r.Stderr); // no bar: standard error is not a terminal here
        Assert.Equal("to the file", File.ReadAllText(path));
    }

    [Theory]
    [InlineData(new[] { "-S" }, 0, true, false)]
    [InlineData(new[] { "-f" }, 22, false, true)]
    [InlineData(new[] { "--fail-with-body" }, 22, true, true)]
    [InlineData(new[] { "-sf" }, 22, false, false)]
    [InlineData(new[] { "-sSf" }, 22, false, true)]
    public async Task Curl_HttpError_FailFlagsAsCurl(string[] flags, int code, bool body, bool message)
    {
        await using var server = new LoopbackServer();
        server.Respond("404 Not Found", "<Error><Code>NoSuchKey</Code></Error>");
        string output = Path.Combine(_dir, "404.xml");
        var r = await RunAsync([.. S3, .. flags, "-o", output, Url(server, "/b/missing")]);
        Assert.True(r.Code == code, r.ToString());
        Assert.Equal(body, File.Exists(output) && File.ReadAllText(output).Contains("NoSuchKey", StringComparison.Ordinal));
        Assert.Equal(message, r.Stderr.Contains("sigv: (22) The requested URL returned error: 404", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Curl_Verbose_ShowsRequestAndResponseNeverTheSecretOrToken()
    {
        await using var server = new LoopbackServer();
        const string token = "FwoGZXIvYXdzEXAMPLESESSIONTOKEN";
        var r = await RunAsync([.. S3, "-v", "--session-token", token, "--explain", Url(server, "/b/k")]);
        Assert.True(r.Code == 0, r.ToString());
        Assert.Contains("> GET /b/k HTTP/1.1", r.Stderr, StringComparison.Ordinal);
        Assert.Contains("> X-Amz-Security-Token: <redacted>", r.Stderr, StringComparison.Ordinal);
        Assert.Contains("> Authorization: AWS4-HMAC-SHA256 Credential=" + AccessKey, r.Stderr, StringComparison.Ordinal);
        Assert.Contains("< HTTP/1.1 200 OK", r.Stderr, StringComparison.Ordinal);
        Assert.Contains("--- canonical request", r.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(token, r.Stderr + r.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, r.Stderr + r.Text, StringComparison.Ordinal);
        Assert.Equal(token, Assert.Single(server.Requests).Header("X-Amz-Security-Token")); // sent all the same
    }

    [Fact]
    public async Task Curl_SignatureDoesNotMatch_NamesTheLineWhereTheServerDiffers()
    {
        await using var server = new LoopbackServer();
        server.Respond("403 Forbidden", "<?xml version=\"1.0\"?><Error><Code>SignatureDoesNotMatch</Code><Message>The request signature we calculated does not match.</Message>"
            + "<CanonicalRequest>GET\n/b/other\n\nhost:x\n\nhost\nUNSIGNED-PAYLOAD</CanonicalRequest><StringToSign>AWS4-HMAC-SHA256</StringToSign><RequestId>REQ1</RequestId></Error>");
        var r = await RunAsync([.. S3, Url(server, "/b/k")]);
        Assert.True(r.Code == 0, r.ToString()); // as curl: an HTTP error without -f is not a failure
        Assert.Contains("SignatureDoesNotMatch", r.Text, StringComparison.Ordinal); // the body, as curl prints it
        Assert.Contains("sigv: S3 SignatureDoesNotMatch (403 Forbidden) on GET /b/k", r.Stderr, StringComparison.Ordinal);
        Assert.Contains("canonical request line 2: server has \"/b/other\", this client signed \"/b/k\"", r.Stderr, StringComparison.Ordinal);
        Assert.Contains("(request id REQ1)", r.Stderr, StringComparison.Ordinal);

        var silent = await RunAsync([.. S3, "-s", Url(server, "/b/k")]);
        Assert.Equal(string.Empty, silent.Stderr);
        var shown = await RunAsync([.. S3, "-sS", Url(server, "/b/k")]);
        Assert.Contains("canonical request line 2", shown.Stderr, StringComparison.Ordinal);
    }

    // ---- failures with curl's exit codes ----

    [Fact]
    public async Task Curl_ConnectionRefused_ExitsSeven()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var r = await RunAsync([.. S3, $"http://127.0.0.1:{port}/b/k"]);
        Assert.True(r.Code == 7, r.ToString());
        Assert.StartsWith($"sigv: (7) Failed to connect to 127.0.0.1 port {port}", r.Stderr, StringComparison.Ordinal);
        Assert.Equal(string.Empty, (await RunAsync([.. S3, "-s", $"http://127.0.0.1:{port}/b/k"])).Stderr);
    }

    [Fact]
    public async Task Curl_MaxTime_ServerThatNeverAnswers_ExitsTwentyEight()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start(); // connections complete in the backlog; nothing ever answers
        try
        {
            var started = System.Diagnostics.Stopwatch.StartNew();
            var r = await RunAsync([.. S3, "--max-time", "0.5", $"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}/b/k"]);
            Assert.True(r.Code == 28, r.ToString());
            Assert.Contains("(28) Operation timed out after 0.5 s", r.Stderr, StringComparison.Ordinal);
            Assert.InRange(started.Elapsed, TimeSpan.FromSeconds(0.4), TimeSpan.FromSeconds(20));
        }
        finally
        {
            listener.Stop();
        }
    }

    [Fact]
    public async Task Curl_UnresolvableHost_ExitsSix()
    {
        var r = await RunAsync([.. S3, "http://no-such-host.invalid/b/k"]);
        Assert.True(r.Code == 6, r.ToString());
        Assert.Contains("Could not resolve host: no-such-host.invalid", r.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Curl_UnwritableOutput_ExitsTwentyThree()
    {
        await using var server = new LoopbackServer();
        server.Respond("200 OK", "x");
        var r = await RunAsync([.. S3, "-o", Path.Combine(_dir, "no-such-dir", "f"), Url(server, "/b/k")]);
        Assert.True(r.Code == 23, r.ToString());
        Assert.StartsWith("sigv: (23) could not write to ", r.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProgressContent_CountsEveryByteItPasses()
    {
        byte[] data = RandomNumberGenerator.GetBytes(300_000);
        var drawn = new StringWriter();
        using var bar = new ProgressBar("up", data.Length, drawn);
        using var content = new ProgressContent(new ByteArrayContent(data) { Headers = { { "Content-Type", "a/b" } } }, bar.Add);
        using var sink = new MemoryStream();
        await content.CopyToAsync(sink);
        Assert.Equal(data, sink.ToArray());
        Assert.Equal(data.Length, bar.Done);
        Assert.Equal(data.Length, content.Headers.ContentLength);
        Assert.Equal("a/b", content.Headers.ContentType!.MediaType);
        Assert.Contains("100%", drawn.ToString(), StringComparison.Ordinal);
    }

    // ---- helpers ----

    private sealed record Result(int Code, byte[] Stdout, string Stderr)
    {
        public string Text => Encoding.UTF8.GetString(Stdout);

        public override string ToString() => $"exit {Code}\n--- stdout ---\n{Text}\n--- stderr ---\n{Stderr}";
    }

    private static Result Run(string[] args, byte[]? stdin = null)
    {
        var stdout = new MemoryStream();
        var stderr = new StringWriter();
        int code = Sigv.Run(["curl", .. args], new StringWriter(), stderr, stdout, new MemoryStream(stdin ?? []));
        return new Result(code, stdout.ToArray(), stderr.ToString());
    }

    /// <summary>Off the test's thread: sigv blocks on its own async work, as a console program does.</summary>
    private static Task<Result> RunAsync(string[] args, byte[]? stdin = null) => Task.Run(() => Run(args, stdin));

    private static string Url(LoopbackServer server, string pathAndQuery) => server.BaseUri.GetLeftPart(UriPartial.Authority) + pathAndQuery;

    private string Write(string name, ReadOnlySpan<byte> data)
    {
        string path = Path.Combine(_dir, name);
        File.WriteAllBytes(path, data.ToArray());
        return path;
    }

    private static string Sha256Hex(ReadOnlySpan<byte> data) => Convert.ToHexString(SHA256.HashData(data)).ToLowerInvariant();

    private static void AssertSignatureVerifies(RawRequest raw, string region = "us-east-1", string service = "s3")
    {
        var signer = new SigV4Signer(new AwsCredentials(AccessKey, Secret), region, service, SigningOptions.ForService(service));
        Assert.Equal(raw.Recompute(signer), raw.Header("Authorization").Split("Signature=")[1]);
    }
}
