namespace Signing.S3.Tests.Integration.Sts;

/// <summary>
/// Shared files in a temp home for the STS tests: a source profile with the RGW user's keys and
/// profiles that assume roles through RGW's STS (AWS_ENDPOINT_URL_STS points at RGW).
/// </summary>
public sealed class StsProfiles : IDisposable
{
    private readonly TempDirectory _home = new();
    private readonly Dictionary<string, string?> _variables = new(StringComparer.Ordinal);

    public StsProfiles(TestServer server, string config, params (string Name, string? Value)[] variables)
    {
        Server = server with { Endpoint = StsEndpoint(server) };
        Directory.CreateDirectory(System.IO.Path.Combine(_home.Path, ".aws"));
        File.WriteAllText(System.IO.Path.Combine(_home.Path, ".aws", "config"),
            $"[profile rgw-user]\naws_access_key_id = {Server.AccessKey}\naws_secret_access_key = {Server.SecretKey}\n\n{config}");
        _variables["AWS_ENDPOINT_URL_STS"] = Server.Endpoint.ToString();
        _variables["AWS_EC2_METADATA_DISABLED"] = "true";
        foreach (var (name, value) in variables)
        {
            _variables[name] = value;
        }

        Environment = new CredentialEnvironment(n => _variables.GetValueOrDefault(n), _home.Path);
    }

    /// <summary>
    /// The gateway with STS on (SIGNING_TEST_RGW_STS_ENDPOINT, a second RGW of the same cluster: with
    /// the STS engine on, RGW answers every failed authentication with AccessDenied, so the main one
    /// keeps it off), else the server's own endpoint.
    /// </summary>
    public static Uri StsEndpoint(TestServer server) =>
        System.Environment.GetEnvironmentVariable("SIGNING_TEST_RGW_STS_ENDPOINT") is { Length: > 0 } sts ? new Uri(sts) : server.Endpoint;

    /// <summary>The ARN of the role the test user may assume (s3:* on everything).</summary>
    public static string RoleArn => System.Environment.GetEnvironmentVariable("SIGNING_TEST_RGW_STS_ROLE_ARN") is { Length: > 0 } arn ? arn : "arn:aws:iam:::role/S3Access";

    public TestServer Server { get; }

    public string Home => _home.Path;

    public CredentialEnvironment Environment { get; }

    /// <summary>A profile that assumes <see cref="RoleArn"/> with the user's keys.</summary>
    public static string AssumeRoleProfile(string name, int? durationSeconds = null) =>
        $"[profile {name}]\nrole_arn = {RoleArn}\nsource_profile = rgw-user\nregion = us-east-1\nrole_session_name = signing-tests\n{(durationSeconds is { } d ? $"duration_seconds = {d}\n" : string.Empty)}\n";

    public S3Client Client(IAwsCredentialsProvider provider, S3Mode mode, Func<S3ClientOptions, S3ClientOptions>? configure = null)
    {
        var endpoint = mode.Addressing == S3Addressing.VirtualHost ? new UriBuilder(Server.Endpoint) { Host = "localhost" }.Uri : Server.Endpoint;
        var options = new S3ClientOptions
        {
            Endpoint = endpoint,
            CredentialsProvider = provider,
            Addressing = mode.Addressing,
            SigningPolicy = mode.Policy,
            RetryBaseDelay = TimeSpan.FromMilliseconds(50),
        };
        return new S3Client(configure?.Invoke(options) ?? options, TestServers.LoopbackHandler());
    }

    /// <summary>Empties and deletes a bucket with the client that made it.</summary>
    public static async Task DeleteBucketAsync(S3Client client, string bucket)
    {
        var keys = new List<string>();
        await foreach (var o in client.ListAllObjectsAsync(bucket))
        {
            keys.Add(o.Key);
        }

        foreach (string key in keys)
        {
            await client.DeleteObjectAsync(bucket, key);
        }

        await client.DeleteBucketAsync(bucket);
    }

    public static string NewBucket() => $"sts-{Guid.NewGuid():N}"[..30];

    public void Dispose() => _home.Dispose();
}
