namespace Signing;

/// <summary>The kinds of condition a POST policy holds (AWS S3 docs, "Creating a POST Policy", condition matching).</summary>
public enum PostPolicyMatch
{
    /// <summary>The form field must equal the value exactly: <c>{"field": "value"}</c>.</summary>
    Exact = 0,

    /// <summary>The form field must start with the value (an empty value allows any): <c>["starts-with", "$field", "value"]</c>.</summary>
    StartsWith = 1,

    /// <summary>The uploaded file's size in bytes must lie in <see cref="PostPolicyCondition.Minimum"/> to <see cref="PostPolicyCondition.Maximum"/>: <c>["content-length-range", min, max]</c>.</summary>
    ContentLengthRange = 2,
}

/// <summary>One condition of a <see cref="PostPolicy"/>, as it is written into the policy document.</summary>
public sealed class PostPolicyCondition
{
    internal PostPolicyCondition(PostPolicyMatch match, string field, string value, long minimum = 0, long maximum = 0)
    {
        Match = match;
        Field = field;
        Value = value;
        Minimum = minimum;
        Maximum = maximum;
    }

    /// <summary>How the field is matched.</summary>
    public PostPolicyMatch Match { get; }

    /// <summary>The form field the condition is on, such as <c>key</c> or <c>Content-Type</c> (without the <c>$</c>); <c>content-length-range</c> for a size range.</summary>
    public string Field { get; }

    /// <summary>The value (exact) or prefix (starts-with); empty for a size range.</summary>
    public string Value { get; }

    /// <summary>The smallest size allowed, in bytes (size range only).</summary>
    public long Minimum { get; }

    /// <summary>The largest size allowed, in bytes (size range only).</summary>
    public long Maximum { get; }

    /// <summary>Shows the condition as the policy writes it.</summary>
    /// <returns>Such as <c>["starts-with", "$key", "uploads/"]</c>.</returns>
    public override string ToString() => Internal.PostPolicyJson.Condition(this);
}
