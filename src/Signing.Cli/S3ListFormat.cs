using System.Globalization;
using Signing.S3;

namespace Signing.Cli;

/// <summary>
/// The lines of <c>sigv s3 ls</c>, as <c>aws s3 ls</c> prints them (awscli
/// <c>customizations/s3/subcommands.py</c>, <c>ListCommand</c>): times in local time
/// <c>yyyy-MM-dd HH:mm:ss</c>, sizes right-aligned in 10 columns, folders as
/// <c>PRE name/</c> with PRE right-aligned in 30 columns.
/// </summary>
internal static class S3ListFormat
{
    private const string TimeFormat = "yyyy-MM-dd HH:mm:ss";

    /// <summary><c>2024-05-01 14:00:00 bucket-name</c>.</summary>
    public static string Bucket(S3Bucket bucket, TimeZoneInfo zone) => $"{Time(bucket.CreationDate, zone)} {bucket.Name}";

    /// <summary><c>                           PRE photos/</c>: the folder's last segment.</summary>
    public static string Folder(string prefix)
    {
        string trimmed = prefix.EndsWith('/') ? prefix[..^1] : prefix;
        return $"{"PRE",30} {trimmed[(trimmed.LastIndexOf('/') + 1)..]}/";
    }

    /// <summary><c>2024-05-01 14:00:00       1234 name.txt</c>: the key's last segment, or the whole key with <paramref name="fullKey"/> (--recursive).</summary>
    public static string Object(S3Object o, bool humanReadable, bool fullKey, TimeZoneInfo zone)
    {
        string size = humanReadable ? HumanSize(o.Size) : o.Size.ToString(CultureInfo.InvariantCulture);
        string name = fullKey ? o.Key : o.Key[(o.Key.LastIndexOf('/') + 1)..];
        return $"{Time(o.LastModified, zone)} {size,10} {name}";
    }

    /// <summary>The --summarize lines: a blank line, <c>Total Objects: N</c>, <c>   Total Size: S</c>.</summary>
    public static string Summary(long objects, long bytes, bool humanReadable) =>
        string.Create(CultureInfo.InvariantCulture, $"\nTotal Objects: {objects}\n   Total Size: {(humanReadable ? HumanSize(bytes) : bytes.ToString(CultureInfo.InvariantCulture))}");

    /// <summary>The AWS CLI's <c>human_readable_size</c>: <c>1 Byte</c>, <c>512 Bytes</c>, <c>1.5 KiB</c>, <c>20.0 MiB</c>.</summary>
    public static string HumanSize(long bytes)
    {
        if (bytes == 1)
        {
            return "1 Byte";
        }

        if (bytes < 1024)
        {
            return string.Create(CultureInfo.InvariantCulture, $"{bytes} Bytes");
        }

        // The largest unit in which the size, rounded, stays under 1024 (EiB at most).
        string[] suffixes = ["KiB", "MiB", "GiB", "TiB", "PiB", "EiB"];
        int i = 0;
        while (i < suffixes.Length - 1 && Math.Round(bytes / Math.Pow(1024, i + 1)) >= 1024)
        {
            i++;
        }

        return string.Create(CultureInfo.InvariantCulture, $"{bytes / Math.Pow(1024, i + 1):0.0} {suffixes[i]}");
    }

    private static string Time(DateTimeOffset? time, TimeZoneInfo zone) =>
        time is { } t ? TimeZoneInfo.ConvertTime(t, zone).ToString(TimeFormat, CultureInfo.InvariantCulture) : new string(' ', TimeFormat.Length);
}
