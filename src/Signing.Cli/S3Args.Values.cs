using System.Globalization;
using Signing.S3;

namespace Signing.Cli;

/// <summary>The flags of <c>sigv s3</c> that take a value: each value checked where it is read.</summary>
internal sealed partial class S3Args
{
    /// <summary>
    /// A size: bytes, or a number with KB, MB, GB or TB (binary, as the AWS CLI reads them; KiB,
    /// MiB, GiB and TiB too), such as <c>8MB</c>, <c>64MiB</c>, <c>1.5GB</c>; at most 5 TiB.
    /// </summary>
    /// <exception cref="UsageException">Not a size, or above 5 TiB.</exception>
    public static long ParseSize(string flag, string value)
    {
        if (value.Length > 64)
        {
            throw new UsageException($"{flag} {CliText.Show(value)} is not a size: write bytes, or a number with KB, MB or GB (such as 8MB).");
        }

        string text = value.Trim();
        int end = 0;
        while (end < text.Length && (char.IsAsciiDigit(text[end]) || text[end] == '.'))
        {
            end++;
        }

        string unit = text[end..].Trim().ToUpperInvariant();
        int power = unit switch
        {
            "" or "B" => 0,
            "K" or "KB" or "KIB" => 1,
            "M" or "MB" or "MIB" => 2,
            "G" or "GB" or "GIB" => 3,
            "T" or "TB" or "TIB" => 4,
            _ => -1,
        };
        if (power < 0 || !decimal.TryParse(text[..end], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out decimal number))
        {
            throw new UsageException($"{flag} {CliText.Show(value)} is not a size: write bytes, or a number with KB, MB or GB (such as 8MB).");
        }

        // 2^50 in any unit fits a decimal: no overflow before the range check.
        decimal bytes = number > 1L << 50 ? decimal.MaxValue : decimal.Floor(number * (decimal)Math.Pow(1024, power));
        if (bytes > MaxSize)
        {
            throw new UsageException($"{flag} {CliText.Show(value)} is out of range: sizes go up to 5TB, the largest S3 object.");
        }

        return (long)bytes;
    }

    /// <summary>The AWS CLI's whole seconds for --cli-read-timeout and --cli-connect-timeout: 0 (no limit) to 2147483.</summary>
    private static TimeSpan ParseTimeout(string flag, string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int seconds) && seconds <= int.MaxValue / 1000
            ? seconds == 0 ? Timeout.InfiniteTimeSpan : TimeSpan.FromSeconds(seconds)
            : throw new UsageException($"{flag} {CliText.Show(value)} is not a whole number of seconds from 0 (no limit) to 2147483.");

    /// <summary>MIN,MAX sizes (bytes, or with KB, MB, GB as <see cref="ParseSize"/> reads them), MIN at most MAX.</summary>
    private static (long Min, long Max) ParseRange(string flag, string value)
    {
        string[] parts = value.Split(',');
        if (parts.Length != 2)
        {
            throw new UsageException($"{flag} {CliText.Show(value)} is not MIN,MAX: write the smallest and largest file size allowed, such as 1,10MB.");
        }

        long min = ParseSize(flag, parts[0]);
        long max = ParseSize(flag, parts[1]);
        return min <= max
            ? (min, max)
            : throw new UsageException($"{flag} {CliText.Show(value)}: MIN is larger than MAX; write them smallest first, such as 1,10MB.");
    }

    private void TakeValue(string flag, Func<string> value)
    {
        switch (flag)
        {
            case "--endpoint-url":
                EndpointUrl = CliText.NoControls(flag, value(), "write the server's base URL, such as http://127.0.0.1:9000.");
                break;
            case "--region":
                Region = CliText.ScopePart(flag, value(), "region", "us-east-1");
                break;
            case "--profile":
                Profile = CliText.Text(flag, value(), "pass a profile name of ~/.aws/credentials, such as default.");
                break;
            case "-u":
            case "--user":
                User = CliText.Secret("--user", value(), "ACCESS_KEY:SECRET_KEY");
                break;
            case "--session-token":
                SessionToken = CliText.Secret(flag, value(), "the session token of temporary credentials");
                break;
            case "--signature":
                string signature = value();
                Signature = signature.ToLowerInvariant() switch
                {
                    "v4" or "sigv4" => S3SigningPolicy.SigV4,
                    "v2" or "sigv2" => S3SigningPolicy.SigV2,
                    "hybrid" => S3SigningPolicy.Hybrid,
                    _ => throw new UsageException($"--signature {CliText.Show(signature)}: use v4, v2 or hybrid (object data with v2, the rest with v4)."),
                };
                break;
            case "--acl":
                string acl = value();
                Acl = Enum.GetValues<S3CannedAcl>().Cast<S3CannedAcl?>().FirstOrDefault(a => a!.Value.ToHeaderValue() == acl)
                    ?? throw new UsageException($"--acl {CliText.Show(acl)}: use one of {string.Join(", ", Enum.GetValues<S3CannedAcl>().Select(a => a.ToHeaderValue()))}.");
                break;
            case "--content-type":
                string type = value();
                ContentType = CliText.HeaderValue(flag, type, "Content-Type", CliText.Text(flag, type, "pass a media type such as text/plain (or leave --content-type out to guess it from the name)."));
                break;
            case "--ca-bundle":
                CaBundle = CliText.LocalPath(flag, value());
                break;
            case "--resolve":
                Routes.AddResolve(flag, value());
                break;
            case "--connect-to":
                Routes.AddConnectTo(flag, value());
                break;
            case "--cli-read-timeout":
                ReadTimeout = ParseTimeout(flag, value());
                break;
            case "--cli-connect-timeout":
                ConnectTimeout = ParseTimeout(flag, value());
                break;
            case "--multipart-threshold":
                MultipartThreshold = ParseSize(flag, value());
                break;
            case "--multipart-chunksize":
                MultipartChunkSize = ParseSize(flag, value());
                if (MultipartChunkSize is < 5 * MiB or > 5L * 1024 * MiB)
                {
                    throw new UsageException($"--multipart-chunksize {MultipartChunkSize.ToString(CultureInfo.InvariantCulture)} is out of range: S3 parts are 5MiB to 5GiB.");
                }

                break;
            case "--expires-in":
                string seconds = value();
                ExpiresIn = long.TryParse(seconds, NumberStyles.None, CultureInfo.InvariantCulture, out long s) && s is >= 1 and <= 604800
                    ? s
                    : throw new UsageException($"--expires-in {CliText.Show(seconds)} is out of range: presigned URLs are valid 1 to 604800 seconds (7 days).");
                break;
            case "--content-length-range":
                ContentLengthRange = ParseRange(flag, value());
                break;
            case "--method":
                string method = value();
                Method = method.ToUpperInvariant();
                if (Method is not ("GET" or "PUT"))
                {
                    throw new UsageException($"--method {CliText.Show(method)}: s3 presign signs GET or PUT (sigv presign also signs DELETE and HEAD).");
                }

                break;
            default:
                if (!TakeSyncValue(flag, value))
                {
                    throw new UsageException($"s3: unknown flag {CliText.Show(flag)}; see 'sigv s3 --help'.");
                }

                break;
        }
    }
}
