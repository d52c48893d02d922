using System.Buffers;
using System.Globalization;
using System.Text;
using Signing.Internal;

namespace Signing.S3.Internal;

/// <summary>
/// Builds request URLs: path-style <c>/bucket/key</c> or virtual-host <c>bucket.host/key</c>,
/// keys encoded per RFC 3986 with <c>/</c> kept, and the <see cref="Uri"/> created without
/// canonicalization so keys such as <c>a/../b</c> and <c>a//b</c> go on the wire as written.
/// </summary>
internal static class S3Uri
{
    private static readonly UriCreationOptions AsWritten = new() { DangerousDisablePathAndQueryCanonicalization = true };

    /// <summary>URLs up to this many chars are built on the stack.</summary>
    private const int StackLimit = 1024;

    /// <summary>
    /// The request URL for a bucket (or none, for the service) and a key (or none, for the bucket):
    /// <c>{endpoint}/{bucket}/{key}?{query}</c> or <c>{scheme}://{bucket}.{host}/{key}?{query}</c>.
    /// </summary>
    public static Uri Build(Uri endpoint, S3Addressing addressing, string? bucket, string? key, IReadOnlyList<KeyValuePair<string, string?>> query) =>
        Build(new S3Endpoint(endpoint), addressing, bucket, key, query).Uri;

    /// <summary>
    /// The request URL of <paramref name="bucket"/>/<paramref name="key"/> with <paramref name="query"/>
    /// (<c>name</c> or <c>name=value</c>, each encoded, in the order given), built as one string:
    /// the encoded path and query are written into a scratch buffer and the URL allocated once.
    /// </summary>
    public static S3Url Build(S3Endpoint endpoint, S3Addressing addressing, string? bucket, string? key, IReadOnlyList<KeyValuePair<string, string?>> query)
    {
        bool virtualHost = bucket is not null && addressing == S3Addressing.VirtualHost;
        long bound = 2 + UriEncoding.MaxEncodedLength(bucket?.Length ?? 0) + UriEncoding.MaxEncodedLength(key?.Length ?? 0);
        foreach (var (name, value) in query)
        {
            bound += 2 + UriEncoding.MaxEncodedLength(name.Length) + UriEncoding.MaxEncodedLength(value?.Length ?? 0);
        }

        int prefix = endpoint.Scheme.Length + (virtualHost ? bucket!.Length + 1 : 0) + endpoint.Authority.Length + endpoint.BasePath.Length;
        if (bound + prefix > Array.MaxLength / 2)
        {
            throw new ArgumentException($"A URL for a key of {key?.Length} chars is too long to build.", nameof(key));
        }

        int max = (int)bound;
        byte[]? rentedBytes = null;
        char[]? rentedChars = null;
        Span<byte> bytes = max <= StackLimit ? stackalloc byte[StackLimit] : (rentedBytes = ArrayPool<byte>.Shared.Rent(max));
        Span<char> chars = prefix + max <= StackLimit ? stackalloc char[StackLimit] : (rentedChars = ArrayPool<char>.Shared.Rent(prefix + max));
        try
        {
            var w = new Utf8Builder(bytes);
            if (bucket is not null && !virtualHost)
            {
                w.Write((byte)'/');
                UriEncoding.EncodeAsIs(ref w, bucket, keepSlash: false);
            }

            if (key is not null)
            {
                w.Write((byte)'/');
                UriEncoding.EncodeAsIs(ref w, key, keepSlash: true);
            }
            else if (bucket is null || virtualHost)
            {
                // The service root, or a virtual-host bucket: the path is "/".
                w.Write((byte)'/');
            }

            int queryAt = query.Count > 0 ? w.Length : -1;
            char separator = '?';
            foreach (var (name, value) in query)
            {
                w.Write((byte)separator);
                separator = '&';
                UriEncoding.EncodeAsIs(ref w, name, keepSlash: false);
                if (value is not null)
                {
                    w.Write((byte)'=');
                    UriEncoding.EncodeAsIs(ref w, value, keepSlash: false);
                }
            }

            var rest = w.Written;
            int n = 0;
            Append(chars, ref n, endpoint.Scheme);
            if (virtualHost)
            {
                Append(chars, ref n, bucket);
                Append(chars, ref n, ".");
            }

            Append(chars, ref n, endpoint.Authority);
            // The endpoint's base path (a gateway's /s3) is part of the path sent, so it is signed.
            int pathAt = n;
            Append(chars, ref n, endpoint.BasePath);
            int restAt = n;
            n += Encoding.ASCII.GetChars(rest, chars[n..]);
            if (n > MaxUrlLength)
            {
                throw new ArgumentException($"key of {key?.Length ?? 0} characters makes a URL of {n} characters, more than the {MaxUrlLength} a .NET Uri holds: S3 keys are at most 1024 bytes.", nameof(key));
            }

            string text = new(chars[..n]);
            return new S3Url(Create(text), text, pathAt, queryAt < 0 ? -1 : restAt + queryAt);
        }
        finally
        {
            if (rentedBytes is not null)
            {
                ArrayPool<byte>.Shared.Return(rentedBytes);
            }

            if (rentedChars is not null)
            {
                ArrayPool<char>.Shared.Return(rentedChars);
            }
        }
    }

    /// <summary>The longest URL <see cref="Uri"/> accepts.</summary>
    public const int MaxUrlLength = 65519;

    /// <summary>Creates a <see cref="Uri"/> whose path and query go on the wire exactly as written.</summary>
    /// <exception cref="ArgumentException">The text is not a URL .NET can hold (too long, or a host it refuses).</exception>
    public static Uri Create(string url)
    {
        try
        {
            return new Uri(url, in AsWritten);
        }
        catch (UriFormatException e)
        {
            throw new ArgumentException($"the request URL ({url.Length} characters) is not one .NET can send: {e.Message} Check the endpoint, the bucket name and the key's length.", nameof(url), e);
        }
    }

    private static void Append(Span<char> destination, ref int n, ReadOnlySpan<char> text)
    {
        text.CopyTo(destination[n..]);
        n += text.Length;
    }
}

/// <summary>
/// The parts of an endpoint every request URL starts with, computed once per client:
/// <c>{Scheme}{Authority}{BasePath}</c> (a virtual-host bucket goes between scheme and authority),
/// and the Host header of a path-style request.
/// </summary>
internal sealed class S3Endpoint
{
    public S3Endpoint(Uri endpoint)
    {
        Scheme = endpoint.Scheme + "://";
        string host = endpoint.Host.Contains(':', StringComparison.Ordinal) && !endpoint.Host.StartsWith('[') ? $"[{endpoint.Host}]" : endpoint.Host;
        Authority = endpoint.IsDefaultPort ? host : host + ":" + endpoint.Port.ToString(CultureInfo.InvariantCulture);
        BasePath = endpoint.AbsolutePath.TrimEnd('/');
        HostHeader = UriParts.HostHeader(endpoint);
    }

    /// <summary><c>http://</c> or <c>https://</c>.</summary>
    public string Scheme { get; }

    /// <summary>The host, bracketed when IPv6, and the port when it is not the scheme's default.</summary>
    public string Authority { get; }

    /// <summary>The endpoint's path without a trailing <c>/</c> (usually empty).</summary>
    public string BasePath { get; }

    /// <summary>The Host header HttpClient sends to the endpoint itself (path-style requests).</summary>
    public string HostHeader { get; }
}

/// <summary>A request URL as built: the <see cref="System.Uri"/>, its text, and where its path and query are in it.</summary>
/// <param name="Uri">The URL, path and query kept as written.</param>
/// <param name="Text">The URL's text.</param>
/// <param name="PathStart">Where the path starts in <paramref name="Text"/>.</param>
/// <param name="QueryStart">Where the <c>?</c> is in <paramref name="Text"/>, or -1 without a query.</param>
internal readonly record struct S3Url(Uri Uri, string Text, int PathStart, int QueryStart)
{
    /// <summary>The path as it goes on the wire.</summary>
    public ReadOnlySpan<char> Path => Text.AsSpan(PathStart, (QueryStart < 0 ? Text.Length : QueryStart) - PathStart);

    /// <summary>The query as it goes on the wire, without the <c>?</c>.</summary>
    public ReadOnlySpan<char> Query => QueryStart < 0 ? default : Text.AsSpan(QueryStart + 1);
}
