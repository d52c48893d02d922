using System.Globalization;
using System.Text.RegularExpressions;
using FsCheck;
using FsCheck.Fluent;
using Signing.Tests.Properties;

namespace Signing.Tests.Cli;

// Linked into tests/Signing.Cli.Tests too.

/// <summary>
/// One generated command line: fixed words (the command, the loopback endpoint) then items, each a
/// flag with its value (or a path) kept together, so shrinking (dropping items) never turns a value
/// into a flag or a path.
/// </summary>
internal sealed record SigvCase(string[] Head, string[][] Items, string[] Tail)
{
    public string[] Args => [.. Head, .. Items.SelectMany(i => i), .. Tail];

    public override string ToString() =>
        "\n[" + string.Join(", ", Args.Select(a => a.Length > 120 ? $"/* {a.Length} chars */ {PropertyRunner.Literal(a[..40])}" : PropertyRunner.Literal(a))) + "]";

    /// <summary>The case with every argument cut to 40,000 characters: Linux takes at most 128 KiB per argument of a new process.</summary>
    public SigvCase ForProcess() => this with { Items = [.. Items.Select(i => i.Select(a => a.Length > 40_000 ? a[..40_000] : a).ToArray())] };

    public static IEnumerable<SigvCase> Shrink(SigvCase c) =>
        Enumerable.Range(0, c.Items.Length).Select(i => c with { Items = [.. c.Items[..i], .. c.Items[(i + 1)..]] });
}

/// <summary>
/// Command lines for every subcommand built from valid flags with junk values: control characters,
/// 70,000-character strings, non-ASCII, empty, negative and huge numbers, unknown flags, flags
/// without values, <c>--flag=value</c> and glued forms, repeats. Network rule: every request can
/// only go to <paramref name="sink"/> (127.0.0.1): s3 always gets <c>--endpoint-url</c> first and any
/// generated one is loopback or not a URL; curl, sign and presign URLs have the sink's host with junk
/// only in the path and query. Files are written only under <paramref name="dir"/>.
/// </summary>
internal sealed class SigvArgsGenerator(string sink, string dir)
{
    private static readonly string[] JunkWords =
    [
        string.Empty, " ", "\r\n", "a\r\nX-Injected: b", "\n", "\0", "a\0b", "\u0001", "\u007f", "\u0085", "\u2028", "\t",
        "\u00e9", "\u65e5\u672c", "\ud83d\ude00", "\ud800", "-", "--", "=", "%", "%zz", "%0D%0A", "/", "..", "s3://", "s3://b",
        "'", "\"", "\\", "*", "?", "#", ":", "@", "a:b", "-1", "0", "99999999999999999999", "NaN",
    ];

    private static readonly string[] Numbers =
    [
        "0", "1", "-1", "5", "0.5", "2.5", "1e3", "NaN", "Infinity", "99999999999999999999", "-99999999999", "2147483", "2147484",
        "604800", "604801", "8MB", "5MB", "5GiB", "99999999999TB", "1.5GB", "0x10", "\uff11", "1,5", " 7", "7 ", string.Empty,
    ];

    private readonly string _existing = Path.Combine(dir, "existing.txt");

    private enum Kind
    {
        Switch, Text, Number, File, OutputFile, Url, Header, Method, Provider, User, Endpoint, Acl, Signature, BenchSeconds, Date,
    }

    /// <summary>A case for any subcommand (bench with only its fast or failing forms).</summary>
    public Gen<SigvCase> Any() => Gen.Frequency(
        (5, Curl()), (3, Sign()), (2, Presign()),
        (2, S3("ls")), (1, S3("mb")), (1, S3("rb")), (3, S3("cp")), (1, S3("rm")), (1, S3("cat")), (1, S3("presign")),
        (1, Bench()));

    /// <summary>Writes the file that generated paths may name as an existing source.</summary>
    public void Prepare() => File.WriteAllText(_existing, "existing");

    /// <summary>Credentials most cases carry up front (the generated items may replace them), so runs get past the credential lookup.</summary>
    private static Gen<string[]> Credentials() => Gen.Frequency((3, Gen.Constant<string[]>(["--user", "AKIDEXAMPLE:SECRETSECRETSECRET"])), (1, Gen.Constant<string[]>([])));

    private Gen<SigvCase> Curl() =>
        from user in Credentials()
        from items in Items(CurlFlags)
        from url in Url()
        from urlFirst in Gen.Elements(false, false, true)
        select urlFirst ? new SigvCase(["curl", .. user, url], items, []) : new SigvCase(["curl", .. user], items, [url]);

    private Gen<SigvCase> Sign() =>
        from user in Credentials()
        from provider in Gen.Elements<string[]>(["--aws-sigv4", "aws:amz:us-east-1:s3"], ["--aws-sigv4", "aws:amz:us-east-1:s3"], ["--sigv2"], [])
        from url in Url()
        from items in Items(SignFlags)
        select new SigvCase(["sign", .. user, .. provider, url], items, []);

    private Gen<SigvCase> Presign() =>
        from user in Credentials()
        from url in Url()
        from items in Items(PresignFlags)
        select new SigvCase(["presign", .. user, url], items, []);

    private Gen<SigvCase> S3(string subcommand) =>
        from count in Gen.Frequency((6, Gen.Constant(subcommand switch { "cp" => 2, "ls" => 1, _ => 1 })), (1, Gen.Choose(0, 3)))
        from paths in Gen.ArrayOf(S3Argument(), count)
        from items in Gen.Frequency((4, Items([.. S3Global, .. S3Sub.Where(f => S3Takes(subcommand, f.Flag))])), (1, Items([.. S3Global, .. S3Sub])))
        from pathsFirst in Gen.Elements(true, false)
        select new SigvCase(
            ["s3", "--endpoint-url", sink, "--user", "AKIDEXAMPLE:SECRETSECRETSECRET", subcommand],
            pathsFirst ? [.. paths.Select(p => new[] { p }), .. items] : [.. items, .. paths.Select(p => new[] { p })],
            []);

    private Gen<SigvCase> Bench() =>
        from items in Items([("--seconds", Kind.BenchSeconds), ("--help", Kind.Switch), ("--debug", Kind.Switch), ("--bogus", Kind.Text)])
        select new SigvCase(["bench", "--seconds", "0.002"], items, []);

    private static readonly (string Flag, Kind Kind)[] SigningShared =
    [
        ("-X", Kind.Method), ("--request", Kind.Method), ("-H", Kind.Header), ("--header", Kind.Header), ("-d", Kind.Text), ("--data", Kind.Text),
        ("--data-binary", Kind.Text), ("--data-raw", Kind.Text), ("--aws-sigv4", Kind.Provider), ("-u", Kind.User), ("--user", Kind.User),
        ("--session-token", Kind.Text), ("--profile", Kind.Text), ("--date", Kind.Date), ("--sigv2", Kind.Switch), ("--bucket", Kind.Text),
        ("--unsigned-payload", Kind.Switch), ("--debug", Kind.Switch),
    ];

    private static readonly (string Flag, Kind Kind)[] CurlFlags =
    [
        .. SigningShared, ("-T", Kind.File), ("--upload-file", Kind.File), ("-o", Kind.OutputFile), ("--output", Kind.OutputFile),
        ("--url", Kind.Url), ("-i", Kind.Switch), ("-I", Kind.Switch), ("-f", Kind.Switch), ("--fail-with-body", Kind.Switch), ("-s", Kind.Switch),
        ("-S", Kind.Switch), ("-k", Kind.Switch), ("--chunked", Kind.Switch), ("--connect-timeout", Kind.Number), ("-m", Kind.Number),
        ("--max-time", Kind.Number), ("--speed-limit", Kind.Number), ("--speed-time", Kind.Number), ("-Y", Kind.Number), ("-y", Kind.Number),
        ("--presign", Kind.Switch), ("--bogus", Kind.Text), ("-Z", Kind.Switch), ("-sS", Kind.Switch),
    ];

    private static readonly (string Flag, Kind Kind)[] SignFlags =
    [
        .. SigningShared, ("--presign", Kind.Switch), ("--expires", Kind.Number), ("--no-normalize-path", Kind.Switch),
        ("--double-encode-path", Kind.Switch), ("--sign-content-sha256", Kind.Switch), ("--omit-session-token", Kind.Switch), ("--bogus", Kind.Text),
    ];

    private static readonly (string Flag, Kind Kind)[] PresignFlags =
    [
        ("--method", Kind.Method), ("--expires", Kind.Number), ("--content-type", Kind.Text), ("--sigv2", Kind.Switch), ("--region", Kind.Text),
        ("--user", Kind.User), ("--session-token", Kind.Text), ("--profile", Kind.Text), ("--date", Kind.Date), ("--bucket", Kind.Text), ("--bogus", Kind.Text),
    ];

    private static readonly (string Flag, Kind Kind)[] S3Global =
    [
        ("--endpoint-url", Kind.Endpoint), ("--region", Kind.Text), ("--profile", Kind.Text), ("--user", Kind.User), ("-u", Kind.User),
        ("--session-token", Kind.Text), ("--no-sign-request", Kind.Switch), ("--path-style", Kind.Switch), ("--virtual-host", Kind.Switch),
        ("--signature", Kind.Signature), ("--quiet", Kind.Switch), ("--no-progress", Kind.Switch), ("--cli-read-timeout", Kind.Number),
        ("--cli-connect-timeout", Kind.Number), ("--debug", Kind.Switch), ("--bogus", Kind.Text), ("--", Kind.Switch),
    ];

    private static readonly (string Flag, Kind Kind)[] S3Sub =
    [
        ("--recursive", Kind.Switch), ("--human-readable", Kind.Switch), ("--summarize", Kind.Switch), ("--force", Kind.Switch),
        ("--acl", Kind.Acl), ("--content-type", Kind.Text), ("--multipart-threshold", Kind.Number), ("--multipart-chunksize", Kind.Number),
        ("--dryrun", Kind.Switch), ("--expires-in", Kind.Number), ("--method", Kind.Method),
    ];

    private static bool S3Takes(string subcommand, string flag) => subcommand switch
    {
        "ls" => flag is "--recursive" or "--human-readable" or "--summarize",
        "rb" => flag is "--force",
        "cp" => flag is "--recursive" or "--acl" or "--content-type" or "--multipart-threshold" or "--multipart-chunksize" or "--dryrun",
        "rm" => flag is "--recursive" or "--dryrun",
        "presign" => flag is "--expires-in" or "--method" or "--content-type",
        _ => false,
    };

    /// <summary>Any character: printable ASCII, C0 controls, anything else of the BMP (lone surrogates included), or an astral pair.</summary>
    private static readonly Gen<string> AnyChar = Gen.Frequency(
        (4, Gen.Choose(0x20, 0x7E).Select(i => ((char)i).ToString())),
        (2, Gen.Choose(0, 0x1F).Select(i => ((char)i).ToString())),
        (2, Gen.Choose(0x7F, 0xFFFF).Select(i => ((char)i).ToString())),
        (1, Gen.Choose(0x10000, 0x10FFFF).Select(char.ConvertFromUtf32)));

    /// <summary>Junk: a word from the list, random characters (controls, non-ASCII, surrogates), or 70,000 of one character.</summary>
    private static Gen<string> Junk() => Gen.Frequency(
        (4, Gen.Elements(JunkWords)),
        (3, Gen.Choose(0, 12).SelectMany(n => Gen.ArrayOf(AnyChar, n)).Select(string.Concat)),
        (1, Gen.Elements("x", "\r", "\u00e9", "/").Select(c => string.Concat(Enumerable.Repeat(c, 70_000)))));

    private static Gen<string> Or(Gen<string> valid, int validWeight = 3) => Gen.Frequency((validWeight, valid), (1, Junk()));

    /// <summary>A URL on the sink with junk in the path and query, or not a URL at all.</summary>
    private Gen<string> Url() => Gen.Frequency(
        (6, Gen.Elements("/b/k", "/b/", "/", "/b/k?list-type=2", "/b/k?X-Amz-Signature=abc", "/b/k?Signature=a&Expires=1", "/a%20b").Select(p => sink + p)),
        (3, Junk().Select(j => sink + "/" + j)),
        (1, Junk().Select(j => sink + "/b/k?" + j)),
        (1, Gen.Elements("not a url", "127.0.0.1/b/k", "ftp://127.0.0.1/x", "http://", "http://127.0.0.1:99999/", "http://user@127.0.0.1/")));

    /// <summary>A file under the test's directory (its name junk without separators), the existing file, the directory, or '-'.</summary>
    private Gen<string> SafeFile() => Gen.Frequency(
        (3, Junk().Select(j => Path.Combine(dir, Sanitize(j)))),
        (2, Gen.Constant(_existing)),
        (1, Gen.Constant(dir)),
        (1, Gen.Constant("-")));

    /// <summary>A positional s3 argument: an s3:// URI with junk in the bucket or key, a safe local path, or junk without separators.</summary>
    private Gen<string> S3Argument() => Gen.Frequency(
        (6, from bucket in Or(Gen.Elements("b", "bucket", "my.bucket", "B_1", "ab"), 5)
            from key in Or(Gen.Elements("k", "dir/", "a/b/c.txt", string.Empty, "dir"), 4)
            select $"s3://{bucket}/{key}"),
        (1, Or(Gen.Elements("b", "bucket")).Select(b => "s3://" + b)),
        (2, SafeFile()),
        (1, Junk().Select(Sanitize)));

    private Gen<string> Value(Kind kind) => kind switch
    {
        Kind.Number => Or(Gen.Elements(Numbers), 3),
        Kind.File => SafeFile(),
        Kind.OutputFile => Gen.Frequency((4, SafeFile()), (1, Gen.Constant("-"))),
        Kind.Url => Url(),
        Kind.Header => Or(Gen.Elements("X-A: b", "X-A: a\r\nX-Injected: b", "Host: evil.example", "Accept:", "X-Empty;", "Content-Type: text/plain", "x-amz-content-sha256: UNSIGNED-PAYLOAD")),
        Kind.Method => Or(Gen.Elements("GET", "PUT", "DELETE", "HEAD", "POST", "GE T", "get")),
        Kind.Provider => Or(Gen.Elements("aws:amz:us-east-1:s3", "aws:amz:us-east-1:s3:extra", "aws::us-east-1:s3", "aws", "aws:amz:eu-west-1:iam", "aws:amz")),
        Kind.User => Or(Gen.Elements("AKIDEXAMPLE:SECRETSECRETSECRET", "AK:SK", ":", "AK:", "a/b:c", "account:user:SECRETSECRET")),
        Kind.Endpoint => Gen.Frequency(
            (3, Gen.Elements(sink, sink + "/", sink + "/base", "127.0.0.1:1", "ftp://127.0.0.1/", sink + "/?x=1", "http://user@127.0.0.1:1/")),
            (2, Junk().Select(j => sink + "/" + j)),
            (1, Junk().Select(Sanitize))),
        Kind.Acl => Or(Gen.Elements("private", "public-read", "bucket-owner-full-control", "world-writable")),
        Kind.Signature => Or(Gen.Elements("v4", "v2", "hybrid", "V2", "v3")),
        Kind.Date => Or(Gen.Elements("20150830T123600Z", "2015-08-30T12:36:00Z", "99991231T235959Z", "19000101T000000Z")),
        Kind.BenchSeconds => Or(Gen.Elements("0.001", "1e-3", "0.002")).Where(IsFastOrInvalidBenchSeconds),
        _ => Or(Gen.Elements("text/plain", "us-east-1", "default", "bucket", "TOKENTOKENTOKEN", "x=1")),
    };

    /// <summary>One item per flag occurrence: with its value (separate, glued with '=' or to a short flag), alone, or an unknown flag.</summary>
    private Gen<string[][]> Items((string Flag, Kind Kind)[] flags) =>
        Gen.Frequency((3, Gen.Choose(0, 2)), (1, Gen.Choose(3, 6))).SelectMany(n => Gen.ArrayOf(Item(flags), n));

    private Gen<string[]> Item((string Flag, Kind Kind)[] flags) =>
        from spec in Gen.Elements(flags)
        from value in Value(spec.Kind)
        from form in Gen.Choose(0, 12)
        select Form(spec.Flag, spec.Kind, value, form);

    private static string[] Form(string flag, Kind kind, string value, int form)
    {
        if (kind == Kind.Switch)
        {
            return form == 0 && flag.StartsWith("--", StringComparison.Ordinal) && flag != "--" ? [$"{flag}={value}"] : [flag];
        }

        bool longFlag = flag.StartsWith("--", StringComparison.Ordinal);
        return form switch
        {
            // A value-less writer would take the next word as its file: never generated.
            0 when kind != Kind.OutputFile => [flag],
            1 or 2 when longFlag => [$"{flag}={value}"],
            1 or 2 => [flag + value],
            _ => [flag, value],
        };
    }

    /// <summary>Junk usable as a file name inside the test's directory: no separators, not '.', '..' or empty, at most 200 characters.</summary>
    private static string Sanitize(string junk)
    {
        string name = junk.Replace('/', '_').Replace('\\', '_').Replace("\0", "_", StringComparison.Ordinal);
        name = name.Length > 200 ? name[..200] : name;
        return name is "" or "." or ".." or "-" ? "f" + name : name.StartsWith('-') ? "f" + name : name;
    }

    private static bool IsFastOrInvalidBenchSeconds(string value) =>
        !double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out double s) || s <= 0 || s > 60 || s <= 0.01;

    /// <summary>Whether <paramref name="stderr"/> holds a .NET stack trace or crash report.</summary>
    public static bool HasStackTrace(string stderr) =>
        Regex.IsMatch(stderr, @"^\s+at ", RegexOptions.Multiline) || stderr.Contains("Unhandled exception", StringComparison.Ordinal);
}
