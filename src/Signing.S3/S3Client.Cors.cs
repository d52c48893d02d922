using System.Globalization;
using System.Xml.Linq;
using Signing.S3.Internal;

namespace Signing.S3;

public sealed partial class S3Client
{
    private static readonly string[] CorsMethods = ["GET", "PUT", "POST", "DELETE", "HEAD"];

    /// <summary>Sets a bucket's CORS rules, replacing any it had (PutBucketCors, with the Content-MD5 S3 requires).</summary>
    /// <param name="bucket">The bucket.</param>
    /// <param name="rules">The rules: 1 to 100.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>A task that completes when the rules are set.</returns>
    /// <exception cref="ArgumentException">A bad bucket, or a rule without origins or methods, with an unknown method, a negative max age or a control character (nothing is sent).</exception>
    /// <exception cref="S3Exception">The server answered with an error or a redirect (never followed), or with an answer this client refuses (code <c>InvalidResponse</c>).</exception>
    /// <exception cref="HttpRequestException">The server could not be reached, or dropped the connection, on every attempt.</exception>
    /// <exception cref="IOException">A body was cut off on every attempt.</exception>
    /// <exception cref="TimeoutException">Every attempt timed out or stalled (<see cref="S3ClientOptions.Timeout"/>, <see cref="S3ClientOptions.IdleTimeout"/>).</exception>
    /// <exception cref="OperationCanceledException">The caller cancelled.</exception>
    public async Task PutBucketCorsAsync(string bucket, IReadOnlyList<S3CorsRule> rules, CancellationToken cancellationToken = default)
    {
        var xml = S3Xml.Element("CORSConfiguration", CheckCorsRules(rules).Select(CorsRuleXml));
        var request = new S3Request(HttpMethod.Put, CheckBucket(bucket)) { ContentMd5 = true, Body = RequestBody.FromBytes(S3Xml.ToBytes(xml), "application/xml") }.AddQuery("cors");
        await SendNoBodyAsync(request, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reads a bucket's CORS rules (GetBucketCors).</summary>
    /// <param name="bucket">The bucket.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The rules, in the server's order.</returns>
    /// <exception cref="ArgumentException">A bad bucket; nothing is sent.</exception>
    /// <exception cref="S3Exception">The server answered with an error (code <c>NoSuchCORSConfiguration</c> when the bucket has no rules) or a redirect, or with an answer this client refuses.</exception>
    /// <exception cref="HttpRequestException">The server could not be reached, or dropped the connection, on every attempt.</exception>
    /// <exception cref="IOException">A body was cut off on every attempt.</exception>
    /// <exception cref="TimeoutException">Every attempt timed out or stalled (<see cref="S3ClientOptions.Timeout"/>, <see cref="S3ClientOptions.IdleTimeout"/>).</exception>
    /// <exception cref="OperationCanceledException">The caller cancelled.</exception>
    public async Task<IReadOnlyList<S3CorsRule>> GetBucketCorsAsync(string bucket, CancellationToken cancellationToken = default)
    {
        var (root, _) = await SendForXmlAsync(new S3Request(HttpMethod.Get, CheckBucket(bucket)).AddQuery("cors"), "GetBucketCors", cancellationToken).ConfigureAwait(false);
        return [.. root.Children("CORSRule").Select(r => new S3CorsRule
        {
            Id = r.Text("ID"),
            AllowedOrigins = Values(r, "AllowedOrigin"),
            AllowedMethods = Values(r, "AllowedMethod"),
            AllowedHeaders = Values(r, "AllowedHeader"),
            ExposeHeaders = Values(r, "ExposeHeader"),
            MaxAgeSeconds = r.Child("MaxAgeSeconds") is { } age && int.TryParse(age.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out int seconds) ? seconds : null,
        })];
    }

    /// <summary>Removes a bucket's CORS rules (DeleteBucketCors); browsers' cross-origin requests to it are refused again.</summary>
    /// <param name="bucket">The bucket.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>A task that completes when the rules are gone.</returns>
    /// <exception cref="ArgumentException">A bad bucket; nothing is sent.</exception>
    /// <exception cref="S3Exception">The server answered with an error or a redirect (never followed), or with an answer this client refuses (code <c>InvalidResponse</c>).</exception>
    /// <exception cref="HttpRequestException">The server could not be reached, or dropped the connection, on every attempt.</exception>
    /// <exception cref="IOException">A body was cut off on every attempt.</exception>
    /// <exception cref="TimeoutException">Every attempt timed out or stalled (<see cref="S3ClientOptions.Timeout"/>, <see cref="S3ClientOptions.IdleTimeout"/>).</exception>
    /// <exception cref="OperationCanceledException">The caller cancelled.</exception>
    public async Task DeleteBucketCorsAsync(string bucket, CancellationToken cancellationToken = default) =>
        await SendNoBodyAsync(new S3Request(HttpMethod.Delete, CheckBucket(bucket)).AddQuery("cors"), cancellationToken).ConfigureAwait(false);

    private static List<string> Values(XElement rule, string name) => [.. rule.Children(name).Select(e => e.Value)];

    private static XElement CorsRuleXml(S3CorsRule rule) => S3Xml.Element(
        "CORSRule",
        rule.Id is null ? null : S3Xml.Element("ID", rule.Id),
        rule.AllowedOrigins.Select(o => S3Xml.Element("AllowedOrigin", o)),
        rule.AllowedMethods.Select(m => S3Xml.Element("AllowedMethod", m)),
        rule.AllowedHeaders.Select(h => S3Xml.Element("AllowedHeader", h)),
        rule.MaxAgeSeconds is { } age ? S3Xml.Element("MaxAgeSeconds", age.ToString(CultureInfo.InvariantCulture)) : null,
        rule.ExposeHeaders.Select(h => S3Xml.Element("ExposeHeader", h)));

    private static IReadOnlyList<S3CorsRule> CheckCorsRules(IReadOnlyList<S3CorsRule> rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        if (rules.Count is 0 or > 100)
        {
            throw new ArgumentException($"rules has {rules.Count} rules: a bucket takes 1 to 100 (to remove them all, call DeleteBucketCorsAsync).", nameof(rules));
        }

        for (int i = 0; i < rules.Count; i++)
        {
            var rule = rules[i] ?? throw new ArgumentException($"rules[{i}] is null: pass a rule.", nameof(rules));
            string at = $"rules[{i}]";
            if (rule.AllowedOrigins is not { Count: > 0 } || rule.AllowedMethods is not { Count: > 0 })
            {
                throw new ArgumentException($"{at} has no {(rule.AllowedOrigins is not { Count: > 0 } ? "AllowedOrigins" : "AllowedMethods")}: a rule names at least one origin (such as https://app.example.com or *) and one method (GET, PUT, POST, DELETE, HEAD).", nameof(rules));
            }

            foreach (string method in rule.AllowedMethods)
            {
                if (Array.IndexOf(CorsMethods, method) < 0)
                {
                    throw new ArgumentException($"{at}.AllowedMethods holds {HeaderCheck.Show(method ?? "null")}: S3 allows GET, PUT, POST, DELETE and HEAD (upper case).", nameof(rules));
                }
            }

            if (rule.MaxAgeSeconds is < 0)
            {
                throw new ArgumentException($"{at}.MaxAgeSeconds is {rule.MaxAgeSeconds}: pass 0 or more seconds, or null.", nameof(rules));
            }

            CheckCorsTexts(rule.AllowedOrigins, $"{at}.AllowedOrigins", nameof(rules));
            CheckCorsTexts(rule.AllowedHeaders ?? [], $"{at}.AllowedHeaders", nameof(rules));
            CheckCorsTexts(rule.ExposeHeaders ?? [], $"{at}.ExposeHeaders", nameof(rules));
            CheckCorsTexts(rule.Id is null ? [] : [rule.Id], $"{at}.Id", nameof(rules));
        }

        return rules;
    }

    /// <summary>Origins, header names and ids: not empty, no control characters (they come back as response headers).</summary>
    private static void CheckCorsTexts(IEnumerable<string> values, string what, string parameter)
    {
        foreach (string value in values)
        {
            if (string.IsNullOrEmpty(value) || value.Any(c => c < ' ' || c == (char)0x7F))
            {
                throw new ArgumentException($"{what} holds {(string.IsNullOrEmpty(value) ? "an empty value" : HeaderCheck.Show(value) + ", which has a control character")}: each is text such as https://app.example.com or ETag.", parameter);
            }
        }
    }
}
