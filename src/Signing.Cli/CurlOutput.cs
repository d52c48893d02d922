using System.Text;

namespace Signing.Cli;

/// <summary>
/// Where <c>sigv curl</c> writes: the body (and with -i/-I the response head) as bytes to standard
/// output or the -o file, which is created on the first write as curl does; -v lines to standard error.
/// </summary>
internal sealed class CurlOutput(Stream stdout, string? path) : IAsyncDisposable
{
    private Stream? _file;

    private string Name => path is null or "-" ? "standard output" : path;

    /// <summary>Writes bytes of the response; a failure to write is curl's exit code 23.</summary>
    public async ValueTask WriteAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        try
        {
            var target = path is null or "-" ? stdout : _file ??= new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read, 81920, useAsync: true);
            await target.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CurlFailure(ExitCodes.WriteError, $"could not write to {Name}: {e.Message}");
        }
    }

    public ValueTask WriteAsync(string text, CancellationToken cancellationToken) => WriteAsync(Encoding.UTF8.GetBytes(text), cancellationToken);

    public async ValueTask DisposeAsync()
    {
        try
        {
            await stdout.FlushAsync().ConfigureAwait(false);
            if (_file is not null)
            {
                await _file.DisposeAsync().ConfigureAwait(false);
            }
        }
        catch (IOException)
        {
            // Standard output closed early (a pipe to `head`): nothing more to say.
        }
    }

    /// <summary>The response head as curl shows it: the status line, then each header (one line a value).</summary>
    public static List<string> HeadLines(HttpResponseMessage response)
    {
        string version = response.Version.Major >= 2 ? $"HTTP/{response.Version.Major}" : $"HTTP/{response.Version.Major}.{response.Version.Minor}";
        var lines = new List<string> { $"{version} {(int)response.StatusCode} {response.ReasonPhrase}".TrimEnd() };
        AddLines(lines, response.Headers.NonValidated);
        AddLines(lines, response.Content.Headers.NonValidated);
        return lines;
    }

    /// <summary>The request as sent, for -v: the request line, then each header, the session token (header or query parameter) redacted.</summary>
    public static List<string> RequestLines(HttpRequestMessage request)
    {
        var lines = new List<string> { $"{request.Method} {RedactQueryToken(request.RequestUri!.PathAndQuery)} HTTP/{request.Version.Major}.{request.Version.Minor}" };
        AddLines(lines, request.Headers.NonValidated);
        if (request.Content is { } content)
        {
            _ = content.Headers.ContentLength; // computes Content-Length where the content knows it
            AddLines(lines, content.Headers.NonValidated);
        }

        return lines;
    }

    /// <summary>A path and query with the value of <c>X-Amz-Security-Token</c> (a presigned URL's session token) shown as <c>&lt;redacted&gt;</c>.</summary>
    public static string RedactQueryToken(string pathAndQuery)
    {
        int q = pathAndQuery.IndexOf('?', StringComparison.Ordinal);
        if (q < 0)
        {
            return pathAndQuery;
        }

        var pairs = pathAndQuery[(q + 1)..].Split('&');
        for (int i = 0; i < pairs.Length; i++)
        {
            string name = pairs[i].Split('=', 2)[0];
            if (name.Equals("X-Amz-Security-Token", StringComparison.OrdinalIgnoreCase))
            {
                pairs[i] = name + "=<redacted>";
            }
        }

        return pathAndQuery[..(q + 1)] + string.Join('&', pairs);
    }

    private static void AddLines(List<string> lines, System.Net.Http.Headers.HttpHeadersNonValidated headers)
    {
        foreach (var h in headers)
        {
            foreach (string value in h.Value)
            {
                bool secret = h.Key.Equals("x-amz-security-token", StringComparison.OrdinalIgnoreCase);
                lines.Add($"{h.Key}: {(secret ? "<redacted>" : value)}");
            }
        }
    }
}
