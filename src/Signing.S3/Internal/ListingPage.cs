namespace Signing.S3.Internal;

/// <summary>A listing page as read, keys still in the response's encoding.</summary>
internal sealed class ListingPage
{
    private static readonly string[] StorageClasses =
    [
        "STANDARD", "STANDARD_IA", "ONEZONE_IA", "INTELLIGENT_TIERING", "GLACIER", "GLACIER_IR", "DEEP_ARCHIVE",
        "REDUCED_REDUNDANCY", "EXPRESS_ONEZONE", "OUTPOSTS", "SNOW",
    ];

    public List<S3Object> Objects { get; } = [];

    public List<string> Prefixes { get; } = [];

    public bool IsTruncated { get; set; }

    public string? NextContinuationToken;

    public string? NextMarker;

    public bool UrlEncoded { get; set; }

    /// <summary>The value decoded when the page is URL-encoded; the same string when there is nothing to decode.</summary>
    public string Decode(string value) =>
        UrlEncoded && value.AsSpan().IndexOfAny('%', '+') >= 0 ? AwsUriEncoding.Decode(value, plusIsSpace: true) : value;

    /// <summary>The storage classes S3 defines, so that a page does not hold a thousand copies of "STANDARD"; null when empty.</summary>
    internal static string? KnownStorageClass(ReadOnlySpan<char> text)
    {
        foreach (string known in StorageClasses)
        {
            if (text.SequenceEqual(known))
            {
                return known;
            }
        }

        return text.IsEmpty ? null : text.ToString();
    }
}
