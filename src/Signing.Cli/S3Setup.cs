using System.Net;
using Signing.S3;

namespace Signing.Cli;

/// <summary>
/// Turns the global flags of <c>sigv s3</c> and the environment into S3 client options: the
/// endpoint, region, addressing, signature policy and credentials, the way the AWS CLI finds them.
/// </summary>
internal static class S3Setup
{
    public const string DefaultRegion = "us-east-1";

    /// <summary>
    /// The client options for <paramref name="args"/>; <paramref name="buckets"/> are the buckets
    /// the command touches (they decide the addressing when it is not given).
    /// </summary>
    /// <param name="args">The command line.</param>
    /// <param name="buckets">The buckets the command touches.</param>
    /// <param name="environment">The environment variables.</param>
    /// <param name="home">The home directory for ~/.aws/config; null: the user's.</param>
    /// <exception cref="UsageException">A malformed endpoint, --virtual-host with an IP address endpoint, or a CA bundle that cannot be read.</exception>
    /// <exception cref="CredentialsNotFoundException">No credentials, and no --no-sign-request.</exception>
    public static S3ClientOptions ClientOptions(S3Args args, IEnumerable<string> buckets, Func<string, string?> environment, string? home = null)
    {
        var config = new CredentialEnvironment(environment, home ?? UserHome());
        string region = args.Region ?? AwsCredentialChain.ResolveRegion(args.Profile) ?? DefaultRegion;
        var endpoint = ResolveEndpoint(args.EndpointUrl, region, config, args.Profile);
        var credentials = args.NoSignRequest ? null : CliCredentials.Resolve(args.User, args.SessionToken, args.Profile);
        var options = new S3ClientOptions
        {
            Endpoint = endpoint,
            Region = region,
            Credentials = credentials,
            CredentialsProvider = CliCredentials.RenewingProvider(credentials),
            Addressing = ChooseAddressing(endpoint, args.Addressing, buckets),
            SigningPolicy = args.Signature,
            // As the AWS CLI: over HTTPS, TLS protects the body and it is not hashed in a second pass.
            Payload = endpoint.Scheme == Uri.UriSchemeHttps ? Payload.Unsigned : Payload.HashBody,
        };
        if (args.ReadTimeout is { } read)
        {
            // The AWS CLI's --cli-read-timeout bounds each wait for data, the response's first byte
            // included: the idle limit, and the per-attempt limit when it is longer than that (or 0: none).
            options = options with
            {
                IdleTimeout = read,
                Timeout = read == Timeout.InfiniteTimeSpan || read > options.Timeout ? read : options.Timeout,
            };
        }

        if (args.ConnectTimeout is { } connect)
        {
            options = options with { ConnectTimeout = connect };
        }

        // As the AWS CLI: --no-verify-ssl wins; else --ca-bundle, AWS_CA_BUNDLE, the profile's ca_bundle.
        if (args.NoVerifySsl)
        {
            return options with { DangerousAcceptAnyServerCertificate = true };
        }

        if (CaBundle(args, config) is { } bundle)
        {
            try
            {
                options = options with { CaCertificates = [.. TlsTrust.LoadCaBundle(bundle.Value, bundle.Source)] };
            }
            catch (ArgumentException e)
            {
                throw new UsageException(CliText.Message(e));
            }
        }

        return options;
    }

    /// <summary>The CA bundle, as the AWS CLI finds it: --ca-bundle, AWS_CA_BUNDLE, the profile's ca_bundle; null: the system's CAs.</summary>
    public static ConfigSetting? CaBundle(S3Args args, CredentialEnvironment config) =>
        args.CaBundle is { } flag ? new ConfigSetting(flag, "--ca-bundle") : AwsSharedConfig.ResolveCaBundle(args.Profile, config);

    /// <summary>The user's real environment and home directory, as <c>sigv s3</c> reads them.</summary>
    public static CredentialEnvironment UserEnvironment() => new(Environment.GetEnvironmentVariable, UserHome());

    /// <summary>As <see cref="ResolveEndpoint(string?, string, CredentialEnvironment, string?)"/>, without a home directory (only AWS_CONFIG_FILE is read).</summary>
    public static Uri ResolveEndpoint(string? flag, string region, Func<string, string?> environment) =>
        ResolveEndpoint(flag, region, new CredentialEnvironment(environment, string.Empty), profile: null);

    /// <summary>
    /// The endpoint, as the AWS CLI (2.13+) finds it: <paramref name="flag"/> (--endpoint-url), else
    /// <c>AWS_ENDPOINT_URL_S3</c>, <c>AWS_ENDPOINT_URL</c>, the <c>s3</c> <c>endpoint_url</c> of the
    /// profile's <c>services</c> section, the profile's <c>endpoint_url</c> (all but the flag ignored
    /// when <c>AWS_IGNORE_CONFIGURED_ENDPOINT_URLS</c> or the profile's
    /// <c>ignore_configured_endpoint_urls</c> is true), else AWS's regional endpoint <c>https://s3.REGION.amazonaws.com</c>.
    /// </summary>
    /// <exception cref="UsageException">The endpoint found is not an http(s) base URL; the message names where it came from.</exception>
    public static Uri ResolveEndpoint(string? flag, string region, CredentialEnvironment config, string? profile)
    {
        var found = flag is not null ? new ConfigSetting(flag, "--endpoint-url") : AwsSharedConfig.ResolveEndpointUrl("s3", profile, config);
        if (found is null)
        {
            return new Uri($"https://s3.{region}.amazonaws.com");
        }

        string url = found.Value, source = found.Source;
        UsageException.ThrowIf(!Uri.TryCreate(url, UriKind.Absolute, out var endpoint) || (endpoint.Scheme != Uri.UriSchemeHttp && endpoint.Scheme != Uri.UriSchemeHttps), $"{source} {CliText.Show(url)} is not an http(s) URL: write one such as http://127.0.0.1:9000 or https://s3.example.com.");

        UsageException.ThrowIf(endpoint.Query.Length > 0 || endpoint.UserInfo.Length > 0, $"{source} {CliText.Show(url)} holds a query or user information: give the server's base URL only.");

        return endpoint;
    }

    /// <summary>The user's home directory, or empty when there is none (then only AWS_CONFIG_FILE is read).</summary>
    private static string UserHome() =>
        Environment.GetFolderPath(Environment.SpecialFolder.UserProfile) is { } home && Path.IsPathFullyQualified(home) ? home : string.Empty;

    /// <summary>
    /// The addressing: <paramref name="choice"/> when given; else virtual-host for AWS
    /// (<c>*.amazonaws.com</c>) as long as every bucket is a valid DNS label without dots, else
    /// path-style (custom endpoints, IP addresses, localhost, buckets such as <c>my.bucket</c>).
    /// </summary>
    /// <exception cref="UsageException">--virtual-host with an IP address endpoint.</exception>
    public static S3Addressing ChooseAddressing(Uri endpoint, S3Addressing? choice, IEnumerable<string> buckets)
    {
        UsageException.ThrowIf(choice == S3Addressing.VirtualHost && IPAddress.TryParse(endpoint.Host.Trim('[', ']'), out _), $"--virtual-host needs an endpoint with a host name (bucket.host), not the IP address {endpoint.Host}: use --path-style, or a name such as http://localhost:{endpoint.Port}.");

        if (choice is { } chosen)
        {
            return chosen;
        }

        bool aws = endpoint.Host.EndsWith(".amazonaws.com", StringComparison.OrdinalIgnoreCase)
            || endpoint.Host.EndsWith(".amazonaws.com.cn", StringComparison.OrdinalIgnoreCase);
        return aws && buckets.All(IsDnsLabel) ? S3Addressing.VirtualHost : S3Addressing.PathStyle;
    }

    /// <summary>Whether <paramref name="bucket"/> can be the first label of a host name: 3 to 63 of a-z, 0-9 and '-', not starting or ending with '-'.</summary>
    public static bool IsDnsLabel(string bucket) =>
        bucket.Length is >= 3 and <= 63
        && bucket.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-')
        && bucket[0] != '-' && bucket[^1] != '-';
}
