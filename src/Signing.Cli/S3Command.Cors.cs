using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Signing.S3;

namespace Signing.Cli;

internal sealed partial class S3Command
{
    /// <summary>
    /// <c>cors put s3://bucket FILE</c>, <c>cors get s3://bucket</c>, <c>cors delete s3://bucket</c>:
    /// a bucket's CORS rules, in the JSON of <c>aws s3api put-bucket-cors --cors-configuration</c>
    /// (<c>{"CORSRules": [{"AllowedOrigins": [...], "AllowedMethods": [...], ...}]}</c>); FILE may be
    /// <c>file://x.json</c> as the AWS CLI writes it, or '-' for standard input.
    /// </summary>
    private async Task<int> CorsAsync()
    {
        string action = _args.Paths[0];
        int paths = action == "put" ? 3 : 2;
        if (action is not ("put" or "get" or "delete") || _args.Paths.Count != paths)
        {
            throw new UsageException(action is "put" or "get" or "delete"
                ? $"s3 cors {action}: takes {(paths == 3 ? "s3://BUCKET FILE" : "s3://BUCKET")}; see 'sigv s3 cors --help'."
                : $"s3 cors: unknown action {CliText.Show(action)}; use put, get or delete (see 'sigv s3 cors --help').");
        }

        var bucket = S3Path.Parse(_args.Paths[1]);
        UsageException.ThrowIf(bucket.Key.Length > 0, $"s3 cors {action}: {CliText.Show(_args.Paths[1])} names a key: CORS rules belong to a bucket, write s3://BUCKET.");

        switch (action)
        {
            case "put":
                var rules = ReadCorsRules(_args.Paths[2]);
                await _client.PutBucketCorsAsync(bucket.Bucket, rules, _ct).ConfigureAwait(false);
                Say($"cors: {rules.Count} rule{(rules.Count == 1 ? string.Empty : "s")} set on s3://{bucket.Bucket}");
                break;
            case "get":
                _out.Write(CorsJson(await _client.GetBucketCorsAsync(bucket.Bucket, _ct).ConfigureAwait(false)));
                break;
            default:
                await _client.DeleteBucketCorsAsync(bucket.Bucket, _ct).ConfigureAwait(false);
                Say($"cors: rules removed from s3://{bucket.Bucket}");
                break;
        }

        return ExitCodes.Ok;
    }

    private List<S3CorsRule> ReadCorsRules(string file)
    {
        string path = file.StartsWith("file://", StringComparison.Ordinal) ? file["file://".Length..] : file;
        string text = path == "-" ? new StreamReader(_stdin, Encoding.UTF8).ReadToEnd() : File.ReadAllText(CliText.LocalPath("cors put FILE", path));
        return ParseCorsRules(text, path == "-" ? "standard input" : path);
    }

    /// <summary>The rules of a <c>{"CORSRules": [...]}</c> document; every mistake named with where it is.</summary>
    /// <exception cref="UsageException">Not JSON, or not that shape.</exception>
    internal static List<S3CorsRule> ParseCorsRules(string text, string source)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(text);
        }
        catch (JsonException e)
        {
            throw new UsageException($"s3 cors put: {source} is not JSON ({e.Message}); write {{\"CORSRules\": [{{\"AllowedOrigins\": [\"https://app.example.com\"], \"AllowedMethods\": [\"PUT\"]}}]}}.");
        }

        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Object || !doc.RootElement.TryGetProperty("CORSRules", out var list) || list.ValueKind != JsonValueKind.Array)
            {
                throw new UsageException($"s3 cors put: {source} has no \"CORSRules\" array; write {{\"CORSRules\": [{{\"AllowedOrigins\": [...], \"AllowedMethods\": [...]}}]}} as for 'aws s3api put-bucket-cors'.");
            }

            var rules = new List<S3CorsRule>();
            foreach (var rule in list.EnumerateArray())
            {
                string at = $"CORSRules[{rules.Count}]";
                UsageException.ThrowIf(rule.ValueKind != JsonValueKind.Object, $"s3 cors put: {at} in {source} is not an object.");

                var r = new S3CorsRule();
                foreach (var p in rule.EnumerateObject())
                {
                    r = p.Name switch
                    {
                        "ID" => r with { Id = Text(p, at, source) },
                        "AllowedOrigins" => r with { AllowedOrigins = Texts(p, at, source) },
                        "AllowedMethods" => r with { AllowedMethods = Texts(p, at, source) },
                        "AllowedHeaders" => r with { AllowedHeaders = Texts(p, at, source) },
                        "ExposeHeaders" => r with { ExposeHeaders = Texts(p, at, source) },
                        "MaxAgeSeconds" => r with { MaxAgeSeconds = p.Value.TryGetInt32(out int age) ? age : throw new UsageException($"s3 cors put: {at}.MaxAgeSeconds in {source} is not a whole number.") },
                        _ => throw new UsageException($"s3 cors put: {at} in {source} has {CliText.Show(p.Name)}; a rule takes ID, AllowedOrigins, AllowedMethods, AllowedHeaders, ExposeHeaders and MaxAgeSeconds."),
                    };
                }

                rules.Add(r);
            }

            return rules;
        }
    }

    private static string Text(JsonProperty p, string at, string source) => p.Value.ValueKind == JsonValueKind.String
        ? p.Value.GetString()!
        : throw new UsageException($"s3 cors put: {at}.{p.Name} in {source} is not a string.");

    private static List<string> Texts(JsonProperty p, string at, string source) =>
        p.Value.ValueKind == JsonValueKind.Array && p.Value.EnumerateArray().All(v => v.ValueKind == JsonValueKind.String)
            ? [.. p.Value.EnumerateArray().Select(v => v.GetString()!)]
            : throw new UsageException($"s3 cors put: {at}.{p.Name} in {source} is not an array of strings.");

    /// <summary>The rules as <c>aws s3api get-bucket-cors</c> prints them (empty lists left out), ready for <c>cors put</c>.</summary>
    internal static string CorsJson(IReadOnlyList<S3CorsRule> rules) => IndentedJson(json =>
    {
        json.WriteStartArray("CORSRules");
        foreach (var rule in rules)
        {
            json.WriteStartObject();
            if (rule.Id is not null)
            {
                json.WriteString("ID", rule.Id);
            }

            Array(json, "AllowedHeaders", rule.AllowedHeaders);
            Array(json, "AllowedMethods", rule.AllowedMethods);
            Array(json, "AllowedOrigins", rule.AllowedOrigins);
            Array(json, "ExposeHeaders", rule.ExposeHeaders);
            if (rule.MaxAgeSeconds is { } age)
            {
                json.WriteNumber("MaxAgeSeconds", age);
            }

            json.WriteEndObject();
        }

        json.WriteEndArray();
    });

    /// <summary>An indented JSON object (non-ASCII text unescaped, as the AWS CLI prints it) whose members <paramref name="write"/> writes, with a final newline.</summary>
    private static string IndentedJson(Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            write(json);
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    private static void Array(Utf8JsonWriter json, string name, IReadOnlyList<string> values)
    {
        if (values.Count > 0)
        {
            json.WriteStartArray(name);
            foreach (string v in values)
            {
                json.WriteStringValue(v);
            }

            json.WriteEndArray();
        }
    }
}
