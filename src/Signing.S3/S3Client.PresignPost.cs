using Signing.S3.Internal;

namespace Signing.S3;

public sealed partial class S3Client
{
    /// <summary>
    /// A presigned POST for a browser upload to <paramref name="bucket"/> under <paramref name="policy"/>:
    /// the bucket's URL and the form fields, signed with SigV4, or SigV2 under the SigV2 and Hybrid
    /// policies (a POST upload is object data). A <c>bucket</c> condition is added when the policy has none.
    /// </summary>
    /// <param name="bucket">The bucket.</param>
    /// <param name="policy">The policy (not changed).</param>
    /// <returns>The URL and fields.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="policy"/> is null.</exception>
    /// <exception cref="ArgumentException">A bad bucket; the policy names another bucket; or its expiration is not 1 second to 7 days from now.</exception>
    /// <exception cref="InvalidOperationException">The client is anonymous (no credentials to sign with).</exception>
    public S3PresignedPost PresignPost(string bucket, PostPolicy policy) => PresignPost(bucket, policy, _clock.GetUtcNow());

    private S3PresignedPost PresignPost(string bucket, PostPolicy policy, DateTimeOffset now)
    {
        CheckBucket(bucket);
        ArgumentNullException.ThrowIfNull(policy);
        var request = new S3Request(HttpMethod.Post, bucket) { ObjectData = true };
        var signature = SignatureFor(request)
            ?? throw new InvalidOperationException("Presigning needs credentials: this client is anonymous (Credentials = null).");
        var withBucket = policy;
        if (policy.Find("bucket") is { } named)
        {
            if (named.Match != PostPolicyMatch.Exact || named.Value != bucket)
            {
                throw new ArgumentException($"policy names bucket condition {named} but the upload goes to bucket '{bucket}': leave the bucket out of the policy (it is added) or name the same one.", nameof(policy));
            }
        }
        else
        {
            withBucket = policy.Clone().SetBucket(bucket);
        }

        var signed = signature == S3SigningPolicy.SigV2 ? _v2!.SigV2!.SignPostPolicy(withBucket, now) : _v4!.SigV4!.SignPostPolicy(withBucket, now);
        var url = S3Uri.Build(_endpoint, Options.Addressing, bucket, null, []);
        return new S3PresignedPost(url, signed, policy.Expiration);
    }

    /// <summary>
    /// A presigned POST for a browser upload of <paramref name="key"/>, valid for <paramref name="expires"/>:
    /// a key ending in <c>${filename}</c> allows any key under the part before it (S3 puts the
    /// uploaded file's name there); <paramref name="options"/> adds a size range, Content-Type, ACL,
    /// success status or redirect, and metadata. Conditions are written in botocore's order
    /// (the options', then bucket, then key).
    /// </summary>
    /// <param name="bucket">The bucket.</param>
    /// <param name="key">The key, or a prefix followed by <c>${filename}</c>.</param>
    /// <param name="expires">How long the form stays valid: 1 second to 7 days.</param>
    /// <param name="options">What else the upload must satisfy, or null.</param>
    /// <returns>The URL and fields.</returns>
    /// <exception cref="ArgumentException">A bad bucket, key or option (the message names it), or <paramref name="expires"/> out of range.</exception>
    /// <exception cref="InvalidOperationException">The client is anonymous (no credentials to sign with).</exception>
    public S3PresignedPost PresignPost(string bucket, string key, TimeSpan expires, PresignPostOptions? options = null)
    {
        CheckKey(key);
        if (expires < TimeSpan.FromSeconds(1) || expires > TimeSpan.FromDays(7))
        {
            throw new ArgumentOutOfRangeException(nameof(expires), expires, $"expires {expires} is out of range: a presigned POST is valid 1 s to 7 days (604800 s).");
        }

        DateTimeOffset now = _clock.GetUtcNow();
        var policy = new PostPolicy(now + expires);
        if (options is not null)
        {
            if (options.MaxContentLength is not null || options.MinContentLength != 0)
            {
                policy.SetContentLengthRange(options.MinContentLength, options.MaxContentLength ?? long.MaxValue);
            }

            if (options.ContentType is not null)
            {
                policy.SetContentType(options.ContentType);
            }

            if (options.ContentTypeStartsWith is not null)
            {
                policy.SetContentTypeStartsWith(options.ContentTypeStartsWith);
            }

            if (options.Acl is { } acl)
            {
                policy.SetAcl(acl.ToHeaderValue());
            }

            if (options.SuccessActionStatus is { } status)
            {
                policy.SetSuccessActionStatus(status);
            }

            if (options.SuccessActionRedirect is not null)
            {
                policy.SetSuccessActionRedirect(options.SuccessActionRedirect);
            }

            foreach (var (name, value) in options.Metadata ?? new Dictionary<string, string>())
            {
                policy.SetMetadata(name, value);
            }
        }

        policy.SetBucket(CheckBucket(bucket));
        if (key.EndsWith(PostPolicy.FileNameVariable, StringComparison.Ordinal))
        {
            policy.SetKeyStartsWith(key[..^PostPolicy.FileNameVariable.Length]);
        }
        else
        {
            policy.SetKey(key);
        }

        return PresignPost(bucket, policy, now);
    }
}
