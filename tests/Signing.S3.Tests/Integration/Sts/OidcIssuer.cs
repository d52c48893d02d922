using System.Diagnostics;
using System.Net.Sockets;

namespace Signing.S3.Tests.Integration.Sts;

/// <summary>
/// The test OpenID Connect issuer (tests/servers/oidc-test-idp.py) on a fixed loopback port, and
/// its registration in RGW (tests/servers/rgw-sts-setup.sh: provider + role WebIdentityS3). RGW
/// fetches the issuer's JWKS at each AssumeRoleWithWebIdentity, so the issuer runs for the tests'
/// lifetime and is stopped (by its process id) on dispose.
/// </summary>
public sealed class OidcIssuer : IDisposable
{
    /// <summary>Its own port, apart from the recipe's 17600, so other suites may run theirs.</summary>
    public const int Port = 17611;

    public const string ClientId = "s3-test-client";

    public const string RoleArn = "arn:aws:iam:::role/WebIdentityS3";

    private readonly TempDirectory _keys = new();
    private readonly Process? _server;

    public OidcIssuer()
    {
        Issuer = $"http://127.0.0.1:{Port}";
        if (TestServers.SkipReason(TestServers.Rgw) is not null)
        {
            return;
        }

        ServersDirectory = FindServersDirectory();
        Run("python3", Script, "keygen", _keys.Path);
        _server = Process.Start(new ProcessStartInfo("python3") { ArgumentList = { Script, "serve", Issuer, Port.ToString(System.Globalization.CultureInfo.InvariantCulture), _keys.Path }, RedirectStandardError = true, UseShellExecute = false })!;
        _server.ErrorDataReceived += (_, _) => { };
        _server.BeginErrorReadLine();
        WaitForPort();
        string thumbprint = Run("python3", Script, "thumbprint", _keys.Path).Trim();
        var setup = new ProcessStartInfo("bash") { ArgumentList = { Path.Combine(ServersDirectory, "rgw-sts-setup.sh") }, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        setup.Environment["CEPH_CONF"] = Environment.GetEnvironmentVariable("SIGNING_TEST_RGW_CEPH_CONF") ?? "/tmp/s3-test/ceph/ceph.conf";
        setup.Environment["RGW_ENDPOINT"] = StsProfiles.StsEndpoint(TestServers.Get(TestServers.Rgw)).ToString().TrimEnd('/');
        setup.Environment["OIDC_ISSUER"] = Issuer;
        setup.Environment["OIDC_THUMBPRINT"] = thumbprint;
        Run(setup);
    }

    public string Issuer { get; }

    public string ServersDirectory { get; } = string.Empty;

    private string Script => Path.Combine(ServersDirectory, "oidc-test-idp.py");

    /// <summary>A fresh ID token for <paramref name="subject"/>, signed by this issuer (or by <paramref name="otherKeys"/>).</summary>
    public string Token(string subject, string? otherKeys = null) =>
        Run("python3", Script, "token", Issuer, otherKeys ?? _keys.Path, ClientId, subject).Trim();

    /// <summary>A directory with another key pair (tokens signed by it must be refused).</summary>
    public string OtherKeys()
    {
        string dir = Path.Combine(_keys.Path, "other");
        Run("python3", Script, "keygen", dir);
        return dir;
    }

    public void Dispose()
    {
        if (_server is { HasExited: false })
        {
            _server.Kill();
            _server.WaitForExit(5000);
        }

        _server?.Dispose();
        _keys.Dispose();
    }

    private void WaitForPort()
    {
        var until = DateTime.UtcNow.AddSeconds(10);
        while (DateTime.UtcNow < until)
        {
            if (_server!.HasExited)
            {
                throw new InvalidOperationException($"oidc-test-idp.py exited with {_server.ExitCode} (is port {Port} in use, or python3-cryptography missing?)");
            }

            try
            {
                using var c = new TcpClient();
                c.Connect("127.0.0.1", Port);
                return;
            }
            catch (SocketException)
            {
                Thread.Sleep(100);
            }
        }

        throw new TimeoutException($"oidc-test-idp.py did not listen on {Port} within 10 s");
    }

    private static string Run(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string a in args)
        {
            start.ArgumentList.Add(a);
        }

        return Run(start);
    }

    private static string Run(ProcessStartInfo start)
    {
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        using var p = Process.Start(start)!;
        var stderr = p.StandardError.ReadToEndAsync();
        string stdout = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        return p.ExitCode == 0 ? stdout : throw new InvalidOperationException($"{start.FileName} {string.Join(' ', start.ArgumentList.Take(2))} exited with {p.ExitCode}: {stderr.Result}");
    }

    private static string FindServersDirectory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "tests", "servers");
            if (File.Exists(Path.Combine(candidate, "oidc-test-idp.py")))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException("tests/servers (with oidc-test-idp.py) not found above " + AppContext.BaseDirectory);
    }
}
