using System.Buffers;
using System.Globalization;

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
    /// The request URL of <paramref name="bucket"/> (or none, for the service) and <paramref name="key"/>
    /// (or none, for the bucket) with <paramref name="query"/> (<c>name</c> or <c>name=value</c>, each
    /// encoded, in the order given): <c>{endpoint}/{bucket}/{key}?{query}</c> or
    /// <c>{scheme}://{bucket}.{host}/{key}?{query}</c>, built as one string: the encoded path and
    /// query are written into a scratch buffer and the URL allocated once.
    /// </summary>
    public static Uri Build(S3Endpoint endpoint, S3Addressing addressing, string? bucket, string? key, IReadOnlyList<KeyValuePair<string, string?>> query)
    {
        bool virtualHost = bucket is not null && addressing == S3Addressing.VirtualHost;
        long bound = 2 + MaxEncoded(bucket) + MaxEncoded(key);
        foreach (var (name, value) in query)
        {
            bound += 2 + MaxEncoded(name) + MaxEncoded(value);
        }

        int prefix = endpoint.Scheme.Length + (virtualHost ? bucket!.Length + 1 : 0) + endpoint.Authority.Length + endpoint.BasePath.Length;
        if (bound + prefix > Array.MaxLength / 2)
        {
            throw new ArgumentException($"A URL for a key of {key?.Length} chars is too long to build.", nameof(key));
        }

        int max = prefix + (int)bound;
        char[]? rented = null;
        Span<char> chars = max <= StackLimit ? stackalloc char[StackLimit] : (rented = ArrayPool<char>.Shared.Rent(max));
        try
        {
            int n = 0;
            Append(chars, ref n, endpoint.Scheme);
            if (virtualHost)
            {
                Append(chars, ref n, bucket);
                Append(chars, ref n, ".");
            }

            Append(chars, ref n, endpoint.Authority);
            // The endpoint's base path (a gateway's /s3) is part of the path sent, so it is signed.
            Append(chars, ref n, endpoint.BasePath);
            if (bucket is not null && !virtualHost)
            {
                chars[n++] = '/';
                Encode(chars, ref n, bucket, keepSlash: false);
            }

            if (key is not null)
            {
                chars[n++] = '/';
                Encode(chars, ref n, key, keepSlash: true);
            }
            else if (bucket is null || virtualHost)
            {
                // The service root, or a virtual-host bucket: the path is "/".
                chars[n++] = '/';
            }

            char separator = '?';
            foreach (var (name, value) in query)
            {
                chars[n++] = separator;
                separator = '&';
                Encode(chars, ref n, name, keepSlash: false);
                if (value is not null)
                {
                    chars[n++] = '=';
                    Encode(chars, ref n, value, keepSlash: false);
                }
            }

            if (n > MaxUrlLength)
            {
                throw new ArgumentException($"key of {key?.Length ?? 0} characters makes a URL of {n} characters, more than the {MaxUrlLength} a .NET Uri holds: S3 keys are at most 1024 bytes.", nameof(key));
            }

            return Create(new string(chars[..n]));
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<char>.Shared.Return(rented);
            }
        }
    }

    /// <summary>Worst-case encoded length: 3 UTF-8 bytes per char, 3 chars per byte.</summary>
    private static long MaxEncoded(string? text) => (text?.Length ?? 0) * 9L;

    /// <summary>Percent-encodes <paramref name="text"/> at <paramref name="n"/> (the engine's encoding, so what is sent is what is signed).</summary>
    private static void Encode(Span<char> destination, ref int n, string text, bool keepSlash)
    {
        if (!AwsUriEncoding.TryEncode(text, destination[n..], out int written, keepSlash))
        {
            throw new InvalidOperationException("Internal error: an encoded URL part outgrew its bound. Please report it.");
        }

        n += written;
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
        HostHeader = endpoint.IsDefaultPort ? endpoint.IdnHost : $"{(endpoint.HostNameType == UriHostNameType.IPv6 && !endpoint.IdnHost.StartsWith('[') ? $"[{endpoint.IdnHost}]" : endpoint.IdnHost)}:{endpoint.Port.ToString(CultureInfo.InvariantCulture)}";
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
