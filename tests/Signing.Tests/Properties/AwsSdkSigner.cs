using System.Reflection;
using Amazon.Runtime;
using Amazon.Runtime.Internal;
using Amazon.Runtime.Internal.Auth;
using Amazon.Runtime.Internal.Util;

namespace Signing.Tests.Properties;

/// <summary>
/// Drives AWSSDK.Core's SigV4 header signer (<see cref="AWS4Signer"/>) without a service client:
/// a <see cref="DefaultRequest"/> with the endpoint, raw (unencoded) resource path, raw query
/// parameters and headers; the signing service and region set on the request, so the client
/// config is never consulted for them (an <see cref="IClientConfig"/> proxy answers null to all).
/// The SDK encodes the path itself (once for s3, twice otherwise) and always signs
/// x-amz-content-sha256 = SHA-256 of the content.
/// </summary>
internal static class AwsSdkSigner
{
    private static readonly IClientConfig Config = DispatchProxy.Create<IClientConfig, NullConfig>();

    private static readonly PropertyInfo MetricsEnabled = typeof(RequestMetrics).GetProperty(nameof(RequestMetrics.IsEnabled))!;

    public static (string Signature, string CanonicalRequest) Sign(
        string service,
        string region,
        string accessKeyId,
        string secret,
        string? token,
        DateTime signedAtUtc,
        string host,
        string method,
        string rawPath,
        IEnumerable<KeyValuePair<string, string>> rawQuery,
        IEnumerable<KeyValuePair<string, string>> headers,
        byte[] content)
    {
        var request = new DefaultRequest(new EmptyRequest(), "Differential")
        {
            Endpoint = new Uri("https://" + host),
            ResourcePath = rawPath,
            HttpMethod = method,
            UseQueryString = true,
            Content = content,
            OverrideSigningServiceName = service,
            AuthenticationRegion = region,
        };
        foreach (var p in rawQuery)
        {
            request.Parameters.Add(p.Key, p.Value);
        }

        foreach (var h in headers)
        {
            request.Headers.Add(h.Key, h.Value);
        }

        if (token is not null)
        {
            request.Headers["X-Amz-Security-Token"] = token;
        }

        var metrics = new RequestMetrics();
        MetricsEnabled.SetValue(metrics, true);
        var result = new AWS4Signer().SignRequest(request, Config, metrics, accessKeyId, secret, signedAtUtc);
        string canonical = metrics.Properties.TryGetValue(Metric.CanonicalRequest, out var list) ? string.Join("\n----\n", list) : "(not recorded)";
        return (result.Signature, canonical);
    }

    private sealed class EmptyRequest : AmazonWebServiceRequest;

    /// <summary>An <see cref="IClientConfig"/> whose every member returns null or default.</summary>
#pragma warning disable CA1852 // DispatchProxy derives from it
    public class NullConfig : DispatchProxy
#pragma warning restore CA1852
    {
        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
        {
            var type = targetMethod?.ReturnType;
            return type is { IsValueType: true } && type != typeof(void) ? Activator.CreateInstance(type) : null;
        }
    }
}
