using System.Diagnostics.CodeAnalysis;
using Signing.Internal;

namespace Signing;

/// <summary>
/// A POST policy for browser uploads (HTML form POST to a bucket): when it expires and what the
/// form may carry (bucket, key or key prefix, file size range, Content-Type, metadata, ACL, success
/// status or redirect, any other field). A signer turns it into the base64 policy and the form
/// fields (<see cref="SigV4Signer.SignPostPolicy(PostPolicy)"/>, <see cref="SigV2Signer.SignPostPolicy(PostPolicy)"/>);
/// the server refuses an upload that breaks a condition. One condition per field: setting a field
/// again replaces its condition. The document is written in a fixed form (the conditions in the
/// order given, then the signer's), so the same policy signed at the same time gives the same bytes.
/// </summary>
public sealed class PostPolicy
{
    /// <summary>The form field a key prefix gets: S3 puts the uploaded file's name in place of <c>${filename}</c>.</summary>
    public const string FileNameVariable = "${filename}";

    /// <summary>Fields the signer writes; a policy may not set them.</summary>
    private static readonly string[] SignerFields =
    [
        "policy", "signature", "awsaccesskeyid", "x-amz-algorithm", "x-amz-credential", "x-amz-date", "x-amz-signature", "x-amz-security-token", "file",
    ];

    private readonly List<PostPolicyCondition> _conditions = [];
    private readonly List<KeyValuePair<string, string>> _fields = [];

    /// <summary>Creates an empty policy that expires at <paramref name="expiration"/> (kept to the second, in UTC).</summary>
    /// <param name="expiration">When the policy stops being accepted; checked when signed (1 second to 7 days after the signing time).</param>
    public PostPolicy(DateTimeOffset expiration)
    {
        Expiration = new DateTimeOffset(expiration.UtcTicks - (expiration.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
    }

    /// <summary>When the policy expires (UTC, whole seconds).</summary>
    public DateTimeOffset Expiration { get; }

    /// <summary>The conditions, in the order they are written.</summary>
    public IReadOnlyList<PostPolicyCondition> Conditions => _conditions;

    /// <summary>
    /// The form fields the policy's exact conditions call for (the bucket excepted: the URL names it),
    /// and <c>key</c> = prefix + <c>${filename}</c> for a key prefix. The signer's fields come after them.
    /// </summary>
    public IReadOnlyList<KeyValuePair<string, string>> FormFields => _fields;

    /// <summary>The bucket the upload must go to: <c>{"bucket": "name"}</c>.</summary>
    /// <param name="bucket">The bucket name.</param>
    /// <returns>This policy.</returns>
    /// <exception cref="ArgumentException"><paramref name="bucket"/> is empty or holds a control character (such as CR or LF).</exception>
    public PostPolicy SetBucket(string bucket) => Exact("bucket", bucket, nameof(bucket), formField: false);

    /// <summary>The exact key of the object: <c>{"key": "..."}</c>, sent as the <c>key</c> field.</summary>
    /// <param name="key">The object key.</param>
    /// <returns>This policy.</returns>
    /// <exception cref="ArgumentException"><paramref name="key"/> is empty or holds a control character.</exception>
    public PostPolicy SetKey(string key) => Exact("key", key, nameof(key));

    /// <summary>
    /// A key prefix: <c>["starts-with", "$key", "prefix"]</c>. The <c>key</c> field is set to
    /// <paramref name="prefix"/> + <c>${filename}</c> (the uploader may change it within the prefix).
    /// </summary>
    /// <param name="prefix">The prefix every key must start with; empty allows any key.</param>
    /// <returns>This policy.</returns>
    /// <exception cref="ArgumentException"><paramref name="prefix"/> holds a control character.</exception>
    public PostPolicy SetKeyStartsWith(string prefix)
    {
        CheckValue(prefix, nameof(prefix), allowEmpty: true);
        Put(new PostPolicyCondition(PostPolicyMatch.StartsWith, "key", prefix), formField: true, fieldValue: prefix + FileNameVariable);
        return this;
    }

    /// <summary>The file's size in bytes must be within <paramref name="minimum"/> to <paramref name="maximum"/>: <c>["content-length-range", min, max]</c>.</summary>
    /// <param name="minimum">The smallest size allowed, 0 or more.</param>
    /// <param name="maximum">The largest size allowed, <paramref name="minimum"/> or more.</param>
    /// <returns>This policy.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="minimum"/> is negative, or <paramref name="maximum"/> is less than <paramref name="minimum"/>.</exception>
    public PostPolicy SetContentLengthRange(long minimum, long maximum)
    {
        if (minimum < 0)
        {
            ThrowHelper.OutOfRange(nameof(minimum), minimum, $"minimum {minimum} is negative: pass the smallest file size allowed in bytes, 0 or more.");
        }

        if (maximum < minimum)
        {
            ThrowHelper.OutOfRange(nameof(maximum), maximum, $"maximum {maximum} is less than minimum {minimum}: pass a range such as 1 to 10485760 (10 MiB).");
        }

        Put(new PostPolicyCondition(PostPolicyMatch.ContentLengthRange, "content-length-range", string.Empty, minimum, maximum), formField: false);
        return this;
    }

    /// <summary>The exact Content-Type of the object: <c>{"Content-Type": "..."}</c>, sent as a field.</summary>
    /// <param name="contentType">The media type, such as <c>image/png</c>.</param>
    /// <returns>This policy.</returns>
    /// <exception cref="ArgumentException"><paramref name="contentType"/> is empty or holds a control character.</exception>
    public PostPolicy SetContentType(string contentType) => Exact("Content-Type", contentType, nameof(contentType));

    /// <summary>A Content-Type prefix, such as <c>image/</c>: <c>["starts-with", "$Content-Type", "image/"]</c>. The uploader sends the field.</summary>
    /// <param name="prefix">The prefix; empty allows any type.</param>
    /// <returns>This policy.</returns>
    /// <exception cref="ArgumentException"><paramref name="prefix"/> holds a control character.</exception>
    public PostPolicy SetContentTypeStartsWith(string prefix) => StartsWith("Content-Type", prefix, nameof(prefix));

    /// <summary>User metadata: <c>{"x-amz-meta-NAME": "value"}</c>, sent as a field (and stored with the object).</summary>
    /// <param name="name">The name after <c>x-amz-meta-</c>, such as <c>uuid</c>.</param>
    /// <param name="value">The value.</param>
    /// <returns>This policy.</returns>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty or not a token, or <paramref name="value"/> holds a control character.</exception>
    public PostPolicy SetMetadata(string name, string value)
    {
        CheckName(name, nameof(name));
        return Exact("x-amz-meta-" + name, value, nameof(value), allowEmpty: true);
    }

    /// <summary>The status S3 answers a successful upload with when no redirect is given: <c>{"success_action_status": "201"}</c> (201 returns an XML document naming the object).</summary>
    /// <param name="status">200, 201 or 204.</param>
    /// <returns>This policy.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="status"/> is not 200, 201 or 204.</exception>
    public PostPolicy SetSuccessActionStatus(int status)
    {
        if (status is not (200 or 201 or 204))
        {
            ThrowHelper.OutOfRange(nameof(status), status, $"status {status} is not one S3 answers a POST upload with: pass 200, 201 or 204.");
        }

        return Exact("success_action_status", status.ToString(System.Globalization.CultureInfo.InvariantCulture), nameof(status));
    }

    /// <summary>Where the browser is sent after a successful upload (S3 adds bucket, key and etag to its query): <c>{"success_action_redirect": "url"}</c>.</summary>
    /// <param name="url">An absolute http(s) URL.</param>
    /// <returns>This policy.</returns>
    /// <exception cref="ArgumentException"><paramref name="url"/> is not an absolute http(s) URL, or holds a control character.</exception>
    public PostPolicy SetSuccessActionRedirect(string url)
    {
        CheckValue(url, nameof(url), allowEmpty: false);
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            ThrowHelper.Argument(nameof(url), $"url {ThrowHelper.Show(url)} is not an absolute http(s) URL: pass one such as https://example.com/uploaded.");
        }

        return Exact("success_action_redirect", url, nameof(url));
    }

    /// <summary>The canned ACL of the object: <c>{"acl": "public-read"}</c>, sent as a field.</summary>
    /// <param name="acl">A canned ACL, such as <c>private</c> or <c>public-read</c>.</param>
    /// <returns>This policy.</returns>
    /// <exception cref="ArgumentException"><paramref name="acl"/> is empty or not a token.</exception>
    public PostPolicy SetAcl(string acl)
    {
        CheckName(acl, nameof(acl));
        return Exact("acl", acl, nameof(acl));
    }

    /// <summary>Any other field that must equal <paramref name="value"/>: <c>{"field": "value"}</c>, sent as a field.</summary>
    /// <param name="field">The form field, such as <c>Cache-Control</c> or <c>x-amz-storage-class</c> (without <c>$</c>).</param>
    /// <param name="value">The value.</param>
    /// <returns>This policy.</returns>
    /// <exception cref="ArgumentException"><paramref name="field"/> is empty, not a token or a field the signer writes, or <paramref name="value"/> holds a control character.</exception>
    public PostPolicy SetField(string field, string value)
    {
        CheckField(field, nameof(field));
        return string.Equals(field, "bucket", StringComparison.OrdinalIgnoreCase) ? SetBucket(value) : Exact(field, value, nameof(value), allowEmpty: true);
    }

    /// <summary>Any other field that must start with <paramref name="prefix"/>: <c>["starts-with", "$field", "prefix"]</c>. The uploader sends the field.</summary>
    /// <param name="field">The form field (without <c>$</c>).</param>
    /// <param name="prefix">The prefix; empty allows any value.</param>
    /// <returns>This policy.</returns>
    /// <exception cref="ArgumentException"><paramref name="field"/> is empty, not a token or a field the signer writes, or <paramref name="prefix"/> holds a control character.</exception>
    public PostPolicy SetFieldStartsWith(string field, string prefix)
    {
        CheckField(field, nameof(field));
        return string.Equals(field, "key", StringComparison.OrdinalIgnoreCase) ? SetKeyStartsWith(prefix) : StartsWith(field, prefix, nameof(prefix));
    }

    /// <summary>A copy with the same expiration, conditions and fields, to change without changing this one.</summary>
    /// <returns>The copy.</returns>
    public PostPolicy Clone()
    {
        var copy = new PostPolicy(Expiration);
        copy._conditions.AddRange(_conditions);
        copy._fields.AddRange(_fields);
        return copy;
    }

    /// <summary>The condition on <paramref name="field"/> (case-insensitive), or null.</summary>
    /// <param name="field">The field, such as <c>bucket</c> or <c>key</c>.</param>
    /// <returns>The condition, or null when the policy has none on it.</returns>
    public PostPolicyCondition? Find(string field) => _conditions.Find(c => string.Equals(c.Field, field, StringComparison.OrdinalIgnoreCase));

    /// <summary>Shows the policy document without the signer's conditions.</summary>
    /// <returns>The JSON document.</returns>
    public override string ToString() => PostPolicyJson.Write(this, []);

    /// <summary>The expiration must be 1 second to 7 days after the signing time (as presigned URLs).</summary>
    internal void CheckExpiration(DateTimeOffset timestamp, string parameter)
    {
        // Both to the second, as written: an expiration made as now + 1 s is 1 s after the signing time.
        var lifetime = Expiration - new DateTimeOffset(timestamp.UtcTicks - (timestamp.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
        if (lifetime < TimeSpan.FromSeconds(1))
        {
            ThrowHelper.Argument(parameter, $"policy Expiration {PostPolicyJson.Time(Expiration)} is not after the signing time {PostPolicyJson.Time(timestamp)}: pass an expiration in the future, such as now + 1 hour.");
        }

        if (lifetime > TimeSpan.FromSeconds(SigV4Constants.MaxExpiresSeconds))
        {
            ThrowHelper.Argument(parameter, $"policy Expiration {PostPolicyJson.Time(Expiration)} is {lifetime.TotalDays:0.##} days after the signing time: at most 7 days (604800 s) are accepted, as for presigned URLs.");
        }
    }

    private PostPolicy Exact(string field, string value, string parameter, bool allowEmpty = false, bool formField = true)
    {
        CheckValue(value, parameter, allowEmpty);
        Put(new PostPolicyCondition(PostPolicyMatch.Exact, field, value), formField);
        return this;
    }

    private PostPolicy StartsWith(string field, string prefix, string parameter)
    {
        CheckValue(prefix, parameter, allowEmpty: true);
        Put(new PostPolicyCondition(PostPolicyMatch.StartsWith, field, prefix), formField: false);
        return this;
    }

    /// <summary>Replaces the condition (and form field) on the same field, or appends it.</summary>
    private void Put(PostPolicyCondition condition, bool formField, string? fieldValue = null)
    {
        int at = _conditions.FindIndex(c => string.Equals(c.Field, condition.Field, StringComparison.OrdinalIgnoreCase));
        if (at >= 0)
        {
            _conditions[at] = condition;
        }
        else
        {
            _conditions.Add(condition);
        }

        _fields.RemoveAll(f => string.Equals(f.Key, condition.Field, StringComparison.OrdinalIgnoreCase));
        if (formField)
        {
            _fields.Add(new(condition.Field, fieldValue ?? condition.Value));
        }
    }

    private static void CheckValue([NotNull] string? value, string parameter, bool allowEmpty)
    {
        if (value is null)
        {
            ThrowHelper.Null(parameter);
        }

        if (value.Length == 0 && !allowEmpty)
        {
            ThrowHelper.Argument(parameter, $"{parameter} is empty: pass a value.");
        }

        foreach (char c in value)
        {
            if (c < ' ' || c == (char)0x7F)
            {
                ThrowHelper.Argument(parameter, $"{parameter} {ThrowHelper.Show(value)} contains {Validate.Describe(c)}: a form field value cannot hold control characters (a CR or LF would split the header S3 makes of it); remove it.");
            }
        }
    }

    /// <summary>A field name, metadata name or ACL: an RFC 9110 token (it becomes a header name or value).</summary>
    private static void CheckName([NotNull] string? name, string parameter)
    {
        if (name is null)
        {
            ThrowHelper.Null(parameter);
        }

        if (name.Length == 0)
        {
            ThrowHelper.Argument(parameter, $"{parameter} is empty: pass a name.");
        }

        if (name[0] == '$')
        {
            ThrowHelper.Argument(parameter, $"{parameter} {ThrowHelper.Show(name)} starts with '$': pass the field without it (the policy document adds it), such as Content-Type.");
        }

        Validate.Token(name, parameter, parameter, "it must be a token such as Content-Type or x-amz-meta-uuid.");
    }

    private static void CheckField([NotNull] string? field, string parameter)
    {
        CheckName(field, parameter);
        if (Array.IndexOf(SignerFields, field.ToLowerInvariant()) >= 0)
        {
            ThrowHelper.Argument(parameter, $"{parameter} '{field}' is written by the signer: leave it out of the policy.");
        }
    }
}
