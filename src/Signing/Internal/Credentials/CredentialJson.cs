using System.Globalization;
using System.Text.Json;

namespace Signing.Internal.Credentials;

/// <summary>
/// Reads the small JSON documents credential sources answer with (container and instance
/// endpoints, <c>credential_process</c>, the SSO token cache and portal) with <see cref="Utf8JsonReader"/>
/// (no reflection: AOT and trim safe). Strings and numbers of nested objects are kept under
/// dotted names (<c>roleCredentials.accessKeyId</c>); arrays are skipped.
/// </summary>
internal static class CredentialJson
{
    /// <summary>The most bytes of a credentials answer read.</summary>
    public const int MaxBytes = 1024 * 1024;

    /// <summary>The values of <paramref name="json"/>, or null (with <paramref name="error"/>: where, never what) when it is not a JSON object.</summary>
    public static Dictionary<string, string>? TryParse(ReadOnlySpan<byte> json, out string? error)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, MaxDepth = 16 });
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                error = "it is not a JSON object";
                return null;
            }

            ReadObject(ref reader, string.Empty, values);
            error = null;
            return values;
        }
        catch (JsonException)
        {
            error = $"it is not valid JSON (near byte {reader.BytesConsumed})";
            return null;
        }
    }

    private static void ReadObject(ref Utf8JsonReader reader, string prefix, Dictionary<string, string> values)
    {
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            string name = prefix + reader.GetString();
            reader.Read();
            switch (reader.TokenType)
            {
                case JsonTokenType.String:
                    values[name] = reader.GetString()!;
                    break;
                case JsonTokenType.Number:
                    values[name] = System.Text.Encoding.UTF8.GetString(reader.ValueSpan); // read from a span: never a sequence;
                    break;
                case JsonTokenType.True or JsonTokenType.False:
                    values[name] = reader.TokenType == JsonTokenType.True ? "true" : "false";
                    break;
                case JsonTokenType.StartObject:
                    ReadObject(ref reader, name + ".", values);
                    break;
                case JsonTokenType.StartArray:
                    reader.Skip();
                    break;
            }
        }
    }

    /// <summary>An ISO 8601 time such as <c>2026-02-25T06:03:31Z</c>, or null.</summary>
    public static DateTimeOffset? ParseTime(string? value) =>
        value is not null && DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var t) ? t : null;

    /// <summary>
    /// Credentials from <paramref name="values"/> (names <paramref name="id"/>, <paramref name="secret"/>,
    /// <paramref name="token"/>, <paramref name="expiration"/>); throws <see cref="CredentialSourceException"/>
    /// naming <paramref name="where"/> and the missing or malformed field, never a value.
    /// </summary>
    public static AwsCredentials Credentials(Dictionary<string, string> values, string where, string source, string id = "AccessKeyId", string secret = "SecretAccessKey", string token = "Token", string expiration = "Expiration", bool epochMilliseconds = false)
    {
        if (!values.TryGetValue(id, out string? idValue) || idValue.Length == 0 || !values.TryGetValue(secret, out string? secretValue) || secretValue.Length == 0)
        {
            throw new CredentialSourceException($"{where}: the answer has no {(values.ContainsKey(id) ? secret : id)} field: it must hold {id}, {secret}, {token} and {expiration}.");
        }

        DateTimeOffset? expires = null;
        if (values.TryGetValue(expiration, out string? e) && e.Length > 0)
        {
            expires = epochMilliseconds && long.TryParse(e, NumberStyles.Integer, CultureInfo.InvariantCulture, out long ms)
                ? DateTimeOffset.FromUnixTimeMilliseconds(ms)
                : ParseTime(e) ?? throw new CredentialSourceException($"{where}: {expiration} {ThrowHelper.Show(e)} is not a time: it must be ISO 8601, such as 2026-02-25T06:03:31Z.");
        }

        try
        {
            return new AwsCredentials(idValue, secretValue, values.TryGetValue(token, out string? t) && t.Length > 0 ? t : null, $"{id} from {where}", $"{secret} from {where}", $"{token} from {where}")
            {
                Source = source,
                Expiration = expires,
            };
        }
        catch (ArgumentException ex)
        {
            throw new CredentialSourceException($"{where}: {ex.Message}", ex);
        }
    }
}
