using Signing.S3.Tests.Integration;

namespace Signing.S3.Tests.Unit;

/// <summary>The integration tests' gate: skipped with a reason outside CI, never silently passing in CI.</summary>
public sealed class IntegrationAttributeTests
{
    [Fact]
    public void TestServers_SkipReason_NamesVariablesAndScriptWhenUnset()
    {
        if (Environment.GetEnvironmentVariable("CI") == "true")
        {
            Assert.Null(TestServers.SkipReason("NOSUCHSERVER"));
            Assert.Throws<InvalidOperationException>(() => TestServers.Get("NOSUCHSERVER"));
            return;
        }

        string? reason = TestServers.SkipReason("NOSUCHSERVER");
        Assert.NotNull(reason);
        Assert.Contains("SIGNING_TEST_NOSUCHSERVER_ENDPOINT", reason);
        Assert.Contains("tests/servers/start-all.sh", reason);
        Assert.Equal(reason, new IntegrationFactAttribute("NOSUCHSERVER").Skip);
        Assert.Equal(reason, new IntegrationTheoryAttribute("NOSUCHSERVER").Skip);
    }
}
