using System.Globalization;
using System.Text;

namespace Signing.Internal;

/// <summary>
/// Writes a POST policy document in one fixed form, byte for byte the form Python's
/// <c>json.dumps</c> gives (botocore's <c>generate_presigned_post</c> writes its policies so):
/// <code>
/// {"expiration": "2026-01-01T00:00:00Z", "conditions": [{"bucket": "b"}, ["starts-with", "$key", "up/"], ["content-length-range", 1, 10]]}
/// </code>
/// ", " and ": " separators; strings with <c>\"</c>, <c>\\</c>, the short escapes of control characters
/// and <c>\uXXXX</c> (lower-case hex) for every other character outside printable ASCII, so the
/// document is ASCII. Same policy, same bytes.
/// </summary>
internal static class PostPolicyJson
{
    /// <summary>The expiration as written: <c>yyyy-MM-ddTHH:mm:ssZ</c>, UTC.</summary>
    public static string Time(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>The document: the policy's conditions, then <paramref name="signerConditions"/> (exact ones).</summary>
    public static string Write(PostPolicy policy, ReadOnlySpan<KeyValuePair<string, string>> signerConditions)
    {
        var sb = new StringBuilder(256);
        sb.Append("{\"expiration\": ");
        String(sb, Time(policy.Expiration));
        sb.Append(", \"conditions\": [");
        foreach (var c in policy.Conditions)
        {
            Condition(sb, c);
            sb.Append(", ");
        }

        foreach (var (field, value) in signerConditions)
        {
            ExactCondition(sb, field, value);
            sb.Append(", ");
        }

        if (sb[^1] == ' ')
        {
            sb.Length -= 2; // the separator after the last condition
        }

        sb.Append("]}");
        return sb.ToString();
    }

    /// <summary>One condition as written in the document.</summary>
    public static string Condition(PostPolicyCondition condition)
    {
        var sb = new StringBuilder();
        Condition(sb, condition);
        return sb.ToString();
    }

    private static void Condition(StringBuilder sb, PostPolicyCondition c)
    {
        switch (c.Match)
        {
            case PostPolicyMatch.StartsWith:
                sb.Append("[\"starts-with\", ");
                String(sb, "$" + c.Field);
                sb.Append(", ");
                String(sb, c.Value);
                sb.Append(']');
                break;
            case PostPolicyMatch.ContentLengthRange:
                sb.Append("[\"content-length-range\", ")
                    .Append(c.Minimum.ToString(CultureInfo.InvariantCulture))
                    .Append(", ")
                    .Append(c.Maximum.ToString(CultureInfo.InvariantCulture))
                    .Append(']');
                break;
            default:
                ExactCondition(sb, c.Field, c.Value);
                break;
        }
    }

    private static void ExactCondition(StringBuilder sb, string field, string value)
    {
        sb.Append('{');
        String(sb, field);
        sb.Append(": ");
        String(sb, value);
        sb.Append('}');
    }

    private static void String(StringBuilder sb, string s)
    {
        sb.Append('"');
        foreach (char c in s)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                case '\b': sb.Append("\\b"); break;
                case '\f': sb.Append("\\f"); break;
                default:
                    if (c is >= ' ' and <= '~')
                    {
                        sb.Append(c);
                    }
                    else
                    {
                        // Each UTF-16 unit, surrogates too: what json.dumps writes for characters beyond U+FFFF.
                        sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }

                    break;
            }
        }

        sb.Append('"');
    }
}
