using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using Signing.Streaming;

namespace Signing.Cli;

/// <summary>
/// <c>sigv bench</c>: measures signing throughput on this machine and prints a small table. Each row
/// runs its operation in a loop for a fixed time after a warm-up, and reports operations (or MB) per
/// second and the bytes allocated per operation on the measuring thread. Not a BenchmarkDotNet run:
/// a quick, honest look at this machine (see benchmarks/ for the side-by-side comparisons).
/// </summary>
internal static class BenchCommand
{
    public const string Help = """
        sigv bench: measure signing throughput on this machine.

        Usage: sigv bench [--seconds N] [--quick]
          --seconds N   time spent measuring each row (default 1; decimals allowed)
          --quick       0.1 s a row: proves it runs, numbers are rough

        Rows: SigV4 header signatures per second with a warm and a cold signing-key cache, SigV4
        presigned URLs per second, SigV2 header signatures per second, and aws-chunked chunk
        signing MB/s next to raw SHA-256 MB/s over the same chunks (the physical floor).

        Examples:
          sigv bench
          sigv bench --seconds 3
        """;

    // The AWS documentation's example request: GET /test.txt with a Range header, 20130524T000000Z.
    private static readonly AwsCredentials Credentials = new("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");
    private static readonly DateTimeOffset Timestamp = new(2013, 5, 24, 0, 0, 0, TimeSpan.Zero);
    private const string EmptySha256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    private static readonly HttpHeader[] GetHeaders =
    [
        new("Host", "examplebucket.s3.amazonaws.com"),
        new("Range", "bytes=0-9"),
        new("x-amz-content-sha256", EmptySha256),
        new("x-amz-date", "20130524T000000Z"),
    ];

    private static readonly HttpHeader[] SigV2Headers =
    [
        new("Host", "examplebucket.s3.amazonaws.com"),
        new("Date", "Fri, 24 May 2013 00:00:00 GMT"),
    ];

    public static int Run(string[] args, TextWriter stdout)
    {
        double seconds = 1;
        var reader = new ArgReader(args);
        while (reader.More)
        {
            string arg = reader.Next();
            switch (ArgReader.FlagName(arg))
            {
                case "-h" or "--help":
                    stdout.WriteLine(Help);
                    return ExitCodes.Ok;
                case "--quick":
                    seconds = 0.1;
                    break;
                case "--debug":
                    RunContext.SetDebug();
                    break;
                case "--seconds":
                    string value = reader.Value("--seconds", arg);
                    UsageException.ThrowIf(!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out seconds) || !(seconds > 0 && seconds <= 60), $"--seconds {CliText.Show(value)} is not a number of seconds from 0 (exclusive) to 60.");

                    break;
                default:
                    throw new UsageException($"bench: unknown argument {CliText.Show(arg)}; see 'sigv bench --help'.");
            }
        }

        var budget = TimeSpan.FromSeconds(seconds);
        var warm = new SigV4Signer(Credentials, "us-east-1", "s3", SigningOptions.S3, keyCache: new SigningKeyCache());
        var cold = new SigV4Signer(Credentials, "us-east-1", "s3", SigningOptions.S3, keyCache: SigningKeyCache.None);
        var sigv2 = new SigV2Signer(Credentials);
        byte[] chunk64K = RandomNumberGenerator.GetBytes(64 * 1024);
        byte[] chunk1M = RandomNumberGenerator.GetBytes(1024 * 1024);

        (string Name, Action Op)[] signing =
        [
            ("SigV4 header signature, warm key cache", () => SignGet(warm)),
            ("SigV4 header signature, cold key cache", () => SignGet(cold)),
            ("SigV4 presigned GET URL", () => PresignGet(warm)),
            ("SigV2 header signature", () => SignV2(sigv2)),
        ];

        // Warm up the JIT once for every operation (tiered compilation promotes hot code after a
        // pause, so a short per-row warm-up alone would measure unoptimized code in the first rows).
        var warmUp = Stopwatch.StartNew();
        while (warmUp.Elapsed < TimeSpan.FromSeconds(Math.Min(0.5, seconds * 2)))
        {
            foreach (var (_, op) in signing)
            {
                Run(op, TimeSpan.FromMilliseconds(10));
            }
        }

        var rows = signing.Select(s => Measure(s.Name, budget, s.Op)).ToList();
        foreach (byte[] chunk in new[] { chunk64K, chunk1M })
        {
            string size = chunk.Length == 64 * 1024 ? "64 KiB" : "1 MiB";
            var chunks = warm.CreateChunkSigner(new string('0', 64), Timestamp);
            var chunked = Measure($"chunk signing, {size} chunks", budget, () => SignChunk(chunks, chunk), chunk.Length);
            var floor = Measure($"raw SHA-256, {size} (floor)", budget, () => Sha256(chunk), chunk.Length);
            rows.Add(chunked with { Note = string.Create(CultureInfo.InvariantCulture, $"{chunked.PerSecond / floor.PerSecond:P0} of SHA-256") });
            rows.Add(floor);
        }

        Print(stdout, rows, seconds);
        return ExitCodes.Ok;
    }

    private static void SignGet(SigV4Signer signer)
    {
        var request = new HttpRequestView("GET", "/test.txt", string.Empty, GetHeaders) { PayloadHash = EmptySha256 };
        Span<char> signature = stackalloc char[64];
        signer.TryComputeSignature(request, Timestamp, signature, out _);
    }

    private static void PresignGet(SigV4Signer signer)
    {
        var request = new HttpRequestView("GET", "/test.txt", string.Empty, GetHeaders.AsSpan(0, 1));
        _ = signer.PresignTarget(request, TimeSpan.FromDays(1), Timestamp);
    }

    private static void SignV2(SigV2Signer signer)
    {
        var request = new HttpRequestView("GET", "/photos/puppy.jpg", string.Empty, SigV2Headers);
        _ = signer.Sign(request, Timestamp, "examplebucket");
    }

    private static void SignChunk(ChunkSigner signer, byte[] chunk)
    {
        Span<byte> signature = stackalloc byte[64];
        signer.SignChunk(chunk, signature);
    }

    private static void Sha256(byte[] chunk)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(chunk, hash);
    }

    /// <summary>One measured line: rate, unit and bytes allocated per operation.</summary>
    private sealed record Row(string Name, double PerSecond, string Unit, double BytesPerOp, double MicrosecondsPerOp)
    {
        public string? Note { get; init; }
    }

    /// <summary>
    /// Warms up for a fifth of the budget, then counts operations for the budget: a row of operations
    /// a second, or with <paramref name="bytesPerOp"/> of MB a second.
    /// </summary>
    private static Row Measure(string name, TimeSpan budget, Action op, int bytesPerOp = 0)
    {
        Run(op, budget / 5);
        long before = GC.GetAllocatedBytesForCurrentThread();
        var (count, elapsed) = Run(op, budget);
        double bytes = (double)(GC.GetAllocatedBytesForCurrentThread() - before) / count, perSecond = count / elapsed.TotalSeconds;
        return bytesPerOp == 0
            ? new Row(name, perSecond, "/s", bytes, 1e6 / perSecond)
            : new Row(name, perSecond * bytesPerOp / 1e6, "MB/s", bytes, 1e6 / perSecond);
    }

    private static (long Count, TimeSpan Elapsed) Run(Action op, TimeSpan budget)
    {
        long count = 0;
        var clock = Stopwatch.StartNew();
        do
        {
            for (int i = 0; i < 64; i++)
            {
                op();
            }

            count += 64;
        }
        while (clock.Elapsed < budget);
        return (count, clock.Elapsed);
    }

    private static void Print(TextWriter stdout, List<Row> rows, double seconds)
    {
        stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"sigv bench: {Environment.ProcessorCount} cores, .NET {Environment.Version}, {seconds:0.###} s a row, single thread"));
        stdout.WriteLine();
        int nameWidth = rows.Max(r => r.Name.Length);
        stdout.WriteLine($"{"measure".PadRight(nameWidth)}  {"rate",14}  {"per op",10}  {"alloc/op",9}  note");
        stdout.WriteLine($"{new string('-', nameWidth)}  {new string('-', 14)}  {new string('-', 10)}  {new string('-', 9)}  ----");
        foreach (var r in rows)
        {
            string rate = r.Unit == "/s"
                ? string.Create(CultureInfo.InvariantCulture, $"{r.PerSecond,11:N0} /s")
                : string.Create(CultureInfo.InvariantCulture, $"{r.PerSecond,9:N0} MB/s");
            string perOp = string.Create(CultureInfo.InvariantCulture, $"{r.MicrosecondsPerOp,7:0.00} us");
            string alloc = string.Create(CultureInfo.InvariantCulture, $"{r.BytesPerOp,7:0} B");
            stdout.WriteLine($"{r.Name.PadRight(nameWidth)}  {rate,14}  {perOp,10}  {alloc,9}  {r.Note}".TrimEnd());
        }
    }
}
