using System.Net;
using Signing.Cli;

namespace Signing.Tests.Cli;

/// <summary>curl's --resolve and --connect-to, as sigv curl and sigv s3 take them.</summary>
public sealed class ConnectRoutesTests
{
    private static ConnectRoutes Routes(string[] connectTo, string[]? resolve = null)
    {
        var routes = new ConnectRoutes();
        foreach (string c in connectTo)
        {
            routes.AddConnectTo("--connect-to", c);
        }

        foreach (string r in resolve ?? [])
        {
            routes.AddResolve("--resolve", r);
        }

        return routes;
    }

    private static string Show((string Host, IPAddress[]? Addresses, int Port) route) =>
        $"{route.Host}:{route.Port}={(route.Addresses is null ? "dns" : string.Join(",", route.Addresses.Select(a => a.ToString())))}";

    [Fact]
    public void ConnectRoutes_ConnectTo_EmptyFieldsMatchAnyOrKeep()
    {
        var any = Routes(["::127.0.0.1:"]);
        Assert.Equal("127.0.0.1:17443=127.0.0.1", Show(any.Route("bucket.s3.test", 17443)));
        Assert.Equal("127.0.0.1:80=127.0.0.1", Show(any.Route("other", 80)));

        var specific = Routes(["a.test:443:b.test:8443", "a.test::c.test:", ":9000::9001"]);
        Assert.Equal("b.test:8443=dns", Show(specific.Route("A.TEST", 443)));  // first match wins, names compare case-insensitively
        Assert.Equal("c.test:80=dns", Show(specific.Route("a.test", 80)));      // empty PORT2: the request's port
        Assert.Equal("x.test:9001=dns", Show(specific.Route("x.test", 9000))); // empty HOST1 and HOST2
        Assert.Equal("y.test:1=dns", Show(specific.Route("y.test", 1)));        // no rule: as asked
    }

    [Fact]
    public void ConnectRoutes_Resolve_AppliesAfterConnectTo_WildcardAndIpv6()
    {
        var routes = Routes(["front.test:443:back.test:443"], ["back.test:443:10.0.0.1,[::1]", "*:8080:127.0.0.2"]);
        Assert.Equal("back.test:443=10.0.0.1,::1", Show(routes.Route("front.test", 443)));
        Assert.Equal("back.test:443=10.0.0.1,::1", Show(routes.Route("back.test", 443)));
        Assert.Equal("anything:8080=127.0.0.2", Show(routes.Route("anything", 8080)));
        Assert.Equal("back.test:444=dns", Show(routes.Route("back.test", 444))); // the port must match

        var v6 = Routes(["[::1]:443:[::2]:8443"]);
        Assert.Equal("::2:8443=::2", Show(v6.Route("[::1]", 443)));
    }

    [Theory]
    [InlineData("--resolve", "host:443", "not HOST:PORT:ADDRESS")]
    [InlineData("--resolve", "host:0:127.0.0.1", "not HOST:PORT:ADDRESS")]
    [InlineData("--resolve", "host:443:not-an-ip", "is not an IP address")]
    [InlineData("--resolve", "-host:443", "DNS cache")]
    [InlineData("--connect-to", "a:1:b", "not HOST1:PORT1:HOST2:PORT2")]
    [InlineData("--connect-to", "a:x:b:2", "not HOST1:PORT1:HOST2:PORT2")]
    [InlineData("--connect-to", "a:1:b:70000", "not HOST1:PORT1:HOST2:PORT2")]
    public void CurlFlags_BadRoute_UsageErrorNamingTheFlag(string flag, string value, string expected)
    {
        var r = CliRunner.Run(["curl", flag, value, "https://example.invalid/"]);
        CliRunner.AssertUsageError(r, $"{flag} '{value}'");
        Assert.Contains(expected, r.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void CurlCommand_CacertMissingOrJunk_Exit77NamingTheFlag()
    {
        string junk = Path.GetTempFileName();
        try
        {
            File.WriteAllText(junk, "junk");
            var missing = CliRunner.Run(["curl", "--cacert", "/no/such/ca.pem", "https://example.invalid/"]);
            Assert.True(missing.Code == 77, missing.ToString());
            Assert.Contains("--cacert '/no/such/ca.pem': no such file", missing.Stderr, StringComparison.Ordinal);
            var bad = CliRunner.Run(["curl", "--cacert", junk, "https://example.invalid/"]);
            Assert.True(bad.Code == 77, bad.ToString());
            Assert.Contains("holds no PEM certificate", bad.Stderr, StringComparison.Ordinal);
            var dir = CliRunner.Run(["curl", "--capath", "/no/such/dir", "https://example.invalid/"]);
            Assert.True(dir.Code == 77, dir.ToString());
        }
        finally
        {
            File.Delete(junk);
        }
    }
}
