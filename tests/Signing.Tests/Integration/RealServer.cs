namespace Signing.Tests.Integration;

/// <summary>
/// A real S3 server started by tests/servers/start-all.sh, found through its SIGNING_TEST_*
/// variables (tests/run-all.sh loads them).
/// </summary>
internal sealed record RealServer(string Name, Uri Endpoint, AwsCredentials Credentials)
{
    public static RealServer? Rgw => Find("RGW", "Ceph RGW");

    public static RealServer? Swift => Find("SWIFT", "Swift s3api");

    /// <summary>Why a test of <paramref name="prefix"/> cannot run here, or null when it can (or in CI, where it must).</summary>
    public static string? SkipReason(string prefix) =>
        Find(prefix, prefix) is not null || string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.Ordinal)
            ? null
            : $"no {prefix} test server: SIGNING_TEST_{prefix}_ENDPOINT is not set (run tests/servers/start-all.sh as root on Debian, or tests/run-all.sh)";

    private static RealServer? Find(string prefix, string name)
    {
        string? endpoint = Environment.GetEnvironmentVariable($"SIGNING_TEST_{prefix}_ENDPOINT");
        string? key = Environment.GetEnvironmentVariable($"SIGNING_TEST_{prefix}_ACCESS_KEY");
        string? secret = Environment.GetEnvironmentVariable($"SIGNING_TEST_{prefix}_SECRET_KEY");
        return string.IsNullOrEmpty(endpoint) || string.IsNullOrEmpty(key) || string.IsNullOrEmpty(secret)
            ? null
            : new RealServer(name, new Uri(endpoint), new AwsCredentials(key, secret));
    }
}

/// <summary>
/// A fact that needs a real server: reported skipped, with the reason, when the server is not
/// configured outside CI; in CI (CI=true) it runs and fails if the server is missing.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class RgwFactAttribute : FactAttribute
{
    public RgwFactAttribute() => Skip = RealServer.SkipReason("RGW");
}
