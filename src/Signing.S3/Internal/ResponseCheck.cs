using System.Globalization;
using System.Net;

namespace Signing.S3.Internal;

/// <summary>
/// Checks that a GET answer is the bytes that were asked for before any of them is believed: the
/// status (206 for a range, 200 for the whole object), <c>Content-Range</c> equal to the range
/// asked, <c>Content-Length</c> equal to what that range holds, and the ETag equal to the one the
/// request was bound to. A server that ignores <c>Range</c> or <c>If-Match</c> is caught here
/// instead of being written into a file. Failures are <see cref="S3Exception"/>s with code
/// <see cref="Code"/>; a retry would get the same answer, so none is made.
/// </summary>
internal static class ResponseCheck
{
    /// <summary>The <see cref="S3Exception.Code"/> of an answer this client refuses to believe.</summary>
    public const string Code = "InvalidResponse";

    /// <summary>
    /// The number of body bytes <paramref name="response"/> must carry for a GET with
    /// <paramref name="options"/>; throws when the answer is not what was asked.
    /// </summary>
    /// <param name="response">A 2xx answer.</param>
    /// <param name="request">The request, for messages (<c>S3 GET b/k</c>).</param>
    /// <param name="options">The range and conditions asked, if any.</param>
    /// <returns>The expected body length, or null when the server did not state it (no Content-Length, whole object).</returns>
    public static long? Get(HttpResponseMessage response, S3Request request, GetObjectOptions? options)
    {
        long? contentLength = response.Content.Headers.ContentLength;
        CheckETag(response, request, options?.IfMatch);
        if (options?.RangeHeader is not { } range)
        {
            RequireStatus(response, request, HttpStatusCode.OK, "a whole object");
            return contentLength;
        }

        if (response.StatusCode == HttpStatusCode.OK)
        {
            // RFC 9110 lets a server ignore Range: acceptable only when the whole object is what was asked.
            bool wholeAsked = (options.RangeFrom, options.RangeTo) switch
            {
                (0, null) => true,
                (0, { } to) => contentLength is long n && to >= n - 1,
                (null, { } suffix) => contentLength is long n && suffix >= n,
                _ => false,
            };
            if (!wholeAsked)
            {
                throw Refuse(response, request, $"asked for {range} but the server answered 200 with the whole object ({Show(contentLength)} bytes): it ignores Range");
            }

            return contentLength;
        }

        RequireStatus(response, request, HttpStatusCode.PartialContent, range);
        var (first, last, total) = ContentRange(response, request, range);
        long wantFirst = options.RangeFrom ?? (total is long size ? Math.Max(0, size - options.RangeTo!.Value) : first);
        long wantLast = options.RangeFrom is null || options.RangeTo is null
            ? (total is long t ? t - 1 : last)
            : total is long t2 ? Math.Min(options.RangeTo.Value, t2 - 1) : options.RangeTo.Value;
        if (first != wantFirst || last != wantLast)
        {
            throw Refuse(response, request, $"asked for {range} but the server sent bytes {first}-{last}");
        }

        return CheckLength(response, request, last - first + 1);
    }

    /// <summary>
    /// One piece of a download bound to an object of <paramref name="objectLength"/> bytes with
    /// ETag <paramref name="etag"/>: the whole object (<paramref name="from"/> null) or bytes
    /// <paramref name="from"/>..<paramref name="to"/>.
    /// </summary>
    /// <returns>The number of body bytes the answer must carry.</returns>
    public static long Download(HttpResponseMessage response, S3Request request, long? from, long to, long objectLength, string? etag)
    {
        CheckETag(response, request, etag);
        if (from is not long start)
        {
            RequireStatus(response, request, HttpStatusCode.OK, "the whole object");
            return CheckLength(response, request, objectLength);
        }

        string range = FormattableString.Invariant($"bytes={start}-{to}");
        if (response.StatusCode == HttpStatusCode.OK)
        {
            throw Refuse(response, request, $"asked for {range} but the server answered 200 with the whole object ({Show(response.Content.Headers.ContentLength)} bytes): it ignores Range");
        }

        RequireStatus(response, request, HttpStatusCode.PartialContent, range);
        var (first, last, total) = ContentRange(response, request, range);
        if (first != start || last != to)
        {
            throw Refuse(response, request, $"asked for {range} but the server sent bytes {first}-{last}");
        }

        if (total is long size && size != objectLength)
        {
            throw Refuse(response, request, $"the object is now {size} bytes, not the {objectLength} it had when the download started: it changed; download it again");
        }

        return CheckLength(response, request, to - start + 1);
    }

    private static void RequireStatus(HttpResponseMessage response, S3Request request, HttpStatusCode expected, string asked)
    {
        if (response.StatusCode != expected)
        {
            throw Refuse(response, request, $"asked for {asked} but the server answered {(int)response.StatusCode} {response.StatusCode} instead of {(int)expected} {expected}");
        }
    }

    private static long CheckLength(HttpResponseMessage response, S3Request request, long expected)
    {
        if (response.Content.Headers.ContentLength is long announced && announced != expected)
        {
            throw Refuse(response, request, $"the answer announces {announced} bytes where {expected} were asked for");
        }

        return expected;
    }

    private static void CheckETag(HttpResponseMessage response, S3Request request, string? etag)
    {
        if (etag is not null && response.Headers.NonValidated.TryGetValues("ETag", out var values) && values.ToString() is { Length: > 0 } got
            && !string.Equals(Unquote(got), Unquote(etag), StringComparison.Ordinal))
        {
            throw Refuse(response, request, $"the object's ETag is {got}, not {etag}: the object changed (or the server ignores If-Match); download it again");
        }
    }

    /// <summary>Parses <c>Content-Range: bytes FIRST-LAST/TOTAL</c> (TOTAL may be <c>*</c>).</summary>
    private static (long First, long Last, long? Total) ContentRange(HttpResponseMessage response, S3Request request, string range)
    {
        string? text = response.Content.Headers.TryGetValues("Content-Range", out var values) ? values.FirstOrDefault() : null;
        if (text is not null && text.StartsWith("bytes ", StringComparison.OrdinalIgnoreCase))
        {
            var spec = text.AsSpan(6).Trim();
            int dash = spec.IndexOf('-');
            int slash = spec.IndexOf('/');
            if (dash > 0 && slash > dash
                && long.TryParse(spec[..dash], NumberStyles.None, CultureInfo.InvariantCulture, out long first)
                && long.TryParse(spec[(dash + 1)..slash], NumberStyles.None, CultureInfo.InvariantCulture, out long last)
                && last >= first)
            {
                var totalText = spec[(slash + 1)..];
                if (totalText is "*")
                {
                    return (first, last, null);
                }

                if (long.TryParse(totalText, NumberStyles.None, CultureInfo.InvariantCulture, out long total) && last < total)
                {
                    return (first, last, total);
                }
            }
        }

        throw Refuse(response, request, $"asked for {range} but the 206 answer's Content-Range is {(text is null ? "missing" : $"'{text}'")}");
    }

    /// <summary>An answer this client refuses: code <see cref="Code"/>, the request and why in the message.</summary>
    internal static S3Exception Refuse(HttpResponseMessage response, S3Request request, string why) =>
        new(response.StatusCode, Code, $"{request.Describe()}: {why}. Nothing was taken from this answer.", null,
            response.Headers.TryGetValues("x-amz-request-id", out var ids) ? string.Join(",", ids) : null, null, null);

    private static string Unquote(string etag) => etag.StartsWith("W/", StringComparison.Ordinal) ? etag[2..].Trim('"') : etag.Trim('"');

    private static string Show(long? length) => length?.ToString(CultureInfo.InvariantCulture) ?? "an unstated number of";
}
