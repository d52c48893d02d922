using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Signing.Cli;

/// <summary>
/// What <c>sigv curl -w/--write-out</c> reports of one transfer: filled in as the request goes,
/// read once it is over (whatever its outcome, as curl writes it out on failures too).
/// </summary>
internal sealed class CurlTransferInfo(string url)
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private long _sizeUpload;
    private long _sizeDownload;

    /// <summary>The response's status, or 0 when none came (printed 000, as curl).</summary>
    public int HttpCode { get; set; }

    /// <summary>The response's Content-Type, or null.</summary>
    public string? ContentType { get; set; }

    /// <summary>The URL the request went to.</summary>
    public string Url { get; set; } = url;

    public long SizeUpload => Interlocked.Read(ref _sizeUpload);

    public long SizeDownload => Interlocked.Read(ref _sizeDownload);

    /// <summary>Seconds from the start of the run until now.</summary>
    public double TimeTotal => _clock.Elapsed.TotalSeconds;

    /// <summary>The time is frozen when the transfer ends (before the write-out).</summary>
    public void Stop() => _clock.Stop();

    public void Uploaded(long bytes) => Interlocked.Add(ref _sizeUpload, bytes);

    public void Downloaded(long bytes) => Interlocked.Add(ref _sizeDownload, bytes);
}

/// <summary>
/// curl's <c>-w/--write-out FORMAT</c>: <c>%{name}</c> variables (http_code, response_code,
/// size_download, size_upload, time_total, url_effective, content_type; stdout and stderr switch
/// where the rest goes), <c>%%</c> for '%', and <c>\n</c>, <c>\r</c>, <c>\t</c>. As curl: an unknown
/// variable is warned about and prints nothing; any other '%' or '\' sequence prints as typed.
/// </summary>
internal static class CurlWriteOut
{
    /// <summary>
    /// The format given to -w: as typed, or read from a file with <c>@FILE</c> (<c>@-</c>: standard
    /// input), as curl takes it.
    /// </summary>
    /// <exception cref="UsageException">The file cannot be read.</exception>
    public static string Load(string value, Func<Stream> openStdin)
    {
        if (!value.StartsWith('@'))
        {
            return value;
        }

        string path = value[1..];
        try
        {
            if (path == "-")
            {
                using var reader = new StreamReader(openStdin(), Encoding.UTF8);
                return reader.ReadToEnd();
            }

            return File.ReadAllText(CliText.LocalPath("-w", path), Encoding.UTF8);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"-w {CliText.Show(value)}: could not read the format file: {e.Message}");
        }
    }

    /// <summary>
    /// Writes <paramref name="format"/> with <paramref name="info"/>'s values to <paramref name="stdout"/>
    /// (or after <c>%{stderr}</c>, to <paramref name="stderr"/>); <paramref name="warn"/> receives the
    /// warning about an unknown variable.
    /// </summary>
    public static void Write(string format, CurlTransferInfo info, Action<string> stdout, Action<string> stderr, Action<string> warn)
    {
        var target = stdout;
        var text = new StringBuilder();
        void Flush()
        {
            if (text.Length > 0)
            {
                target(text.ToString());
                text.Clear();
            }
        }

        for (int i = 0; i < format.Length; i++)
        {
            char c = format[i];
            bool more = i + 1 < format.Length;
            if (c == '%' && more && format[i + 1] == '%')
            {
                text.Append('%');
                i++;
            }
            else if (c == '%' && more && format[i + 1] == '{' && format.IndexOf('}', i + 2) is int end and >= 0)
            {
                string name = format[(i + 2)..end];
                i = end;
                if (name is "stdout" or "stderr")
                {
                    Flush();
                    target = name == "stdout" ? stdout : stderr;
                }
                else if (Value(name, info) is { } value)
                {
                    text.Append(value);
                }
                else
                {
                    warn($"unknown --write-out variable: {CliText.Show(name)}");
                }
            }
            else if (c == '\\' && more && format[i + 1] is 'n' or 'r' or 't')
            {
                text.Append(format[i + 1] switch { 'n' => '\n', 'r' => '\r', _ => '\t' });
                i++;
            }
            else
            {
                text.Append(c);
            }
        }

        Flush();
    }

    /// <summary>A variable's text as curl prints it (the status as three digits, times in seconds with six decimals), or null for an unknown name.</summary>
    public static string? Value(string name, CurlTransferInfo info) => name switch
    {
        "http_code" or "response_code" => info.HttpCode.ToString("000", CultureInfo.InvariantCulture),
        "size_download" => info.SizeDownload.ToString(CultureInfo.InvariantCulture),
        "size_upload" => info.SizeUpload.ToString(CultureInfo.InvariantCulture),
        "time_total" => info.TimeTotal.ToString("0.000000", CultureInfo.InvariantCulture),
        "url_effective" => info.Url,
        "content_type" => info.ContentType ?? string.Empty,
        _ => null,
    };
}
