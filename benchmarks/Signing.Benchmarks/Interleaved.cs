using System.Diagnostics;
using System.Globalization;

namespace Signing.Benchmarks;

/// <summary>
/// A second opinion for loaded machines (<c>--interleaved</c>). BenchmarkDotNet measures one
/// benchmark after another, each for seconds; when other work comes and goes on the machine, peers
/// measured a minute apart see different loads and their ratio is noise. Here the peers of a group
/// take turns in ~2 ms batches, a few hundred rounds each, in one process, through the very same
/// benchmark classes and setup; each peer's minimum batch time is taken (load only adds time) and
/// divided by the floor's. It complements, and does not replace, the BenchmarkDotNet run.
/// </summary>
internal static class Interleaved
{
    private static readonly TimeSpan BatchTarget = TimeSpan.FromMilliseconds(2);

    public static void Run(TextWriter log, int rounds)
    {
        var cleanups = new List<Action>();
        var groups = new List<(string Group, Peer[] Peers)>();
        foreach (var c in Enum.GetValues<HeaderCase>())
        {
            var b = new SigV4HeaderSigning { Request = c };
            b.Setup();
            cleanups.Add(b.Cleanup);
            groups.Add(($"SigV4 header, warm, {c}",
            [
                new("Floor", () => b.Floor()),
                new("Ours_TryCompute", () => b.Ours_TryCompute()),
                new("Ours_Sign", () => b.Ours_Sign()),
                new("AwsSdk_AWS4Signer", () => b.AwsSdk_AWS4Signer()),
                new("AwsSdk_AWSSigV4Signer", () => b.AwsSdk_AWSSigV4Signer()),
            ]));
            groups.Add(($"SigV4 header, cold, {c}",
            [
                new("Floor_Cold", () => b.Floor_Cold()),
                new("Ours_TryCompute_Cold", () => b.Ours_TryCompute_Cold()),
                new("Ours_Sign_Cold", () => b.Ours_Sign_Cold()),
            ]));
        }

        {
            var b = new SigV4ScopeSwitch();
            b.Setup();
            cleanups.Add(b.Cleanup);
            groups.Add(("SigV4 header, warm, S3GetRange, two signatures",
            [
                new("Floor_Twice", () => b.Floor_Twice()),
                new("Ours_OneScope_Twice", () => b.Ours_OneScope_Twice()),
                new("Ours_TwoScopes", () => b.Ours_TwoScopes()),
            ]));
        }

        foreach (var c in Enum.GetValues<PresignCase>())
        {
            var b = new SigV4Presign { Request = c };
            b.Setup();
            cleanups.Add(b.Cleanup);
            groups.Add(($"SigV4 presign, {c}",
            [
                new("Floor", () => b.Floor()),
                new("Ours_PresignTarget", () => b.Ours_PresignTarget()),
                new("Ours_Presign_Url", () => b.Ours_Presign_Url()),
                new("AwsSdk_AWS4PreSignedUrlSigner", () => b.AwsSdk_AWS4PreSignedUrlSigner()),
                new("AwsSdk_S3Client_GetPreSignedURL", () => b.AwsSdk_S3Client_GetPreSignedURL()),
                new("Minio_PresignedObject", () => b.Minio_PresignedObject().GetAwaiter().GetResult()),
            ]));
        }

        foreach (var c in Enum.GetValues<SigV2Case>())
        {
            var b = new SigV2HeaderSigning { Request = c };
            b.Setup();
            cleanups.Add(b.Cleanup);
            groups.Add(($"SigV2 header, {c}",
            [
                new("Floor", () => b.Floor()),
                new("Ours_Sign", () => b.Ours_Sign()),
                new("AwsSdk_S3Signer", () => b.AwsSdk_S3Signer()),
            ]));
        }

        foreach (var c in Enum.GetValues<HeaderCase>())
        {
            var b = new SigV4aHeaderSigning { Request = c };
            b.Setup();
            cleanups.Add(b.Cleanup);
            groups.Add(($"SigV4a header, {c}",
            [
                new("Floor", () => b.Floor()),
                new("Ours_SigV4a_Sign", () => b.Ours_SigV4a_Sign()),
                new("Ours_SigV4_Sign", () => b.Ours_SigV4_Sign()),
            ]));
        }

        foreach (var op in Enum.GetValues<S3Operation>())
        {
            // The SDK first: in this group the ratios are to AWSSDK.S3, not to a floor.
            var b = new S3ClientOverhead { Operation = op };
            b.Setup();
            cleanups.Add(b.Cleanup);
            groups.Add(($"S3 client, {op} (ratio to AWSSDK.S3)",
            [
                new("AwsSdk_AmazonS3Client", () => b.AwsSdk_AmazonS3Client().GetAwaiter().GetResult()),
                new("Ours_S3Client", () => b.Ours_S3Client().GetAwaiter().GetResult()),
                new("Minio_MinioClient", () => b.Minio_MinioClient().GetAwaiter().GetResult()),
                new("HttpClient_Only", () => b.HttpClient_Only().GetAwaiter().GetResult()),
            ]));
        }

        try
        {
            log.WriteLine($"Interleaved: {rounds} rounds of ~{BatchTarget.TotalMilliseconds} ms batches per peer; min and median per call; ratios to the group's first peer (its floor; AWSSDK.S3 in the S3 client groups).");
            log.WriteLine();
            log.WriteLine("| Group | Method | Min | Median | Ratio(min) | Ratio(median) | Allocated |");
            log.WriteLine("|---|---|---:|---:|---:|---:|---:|");
            foreach (var (group, peers) in groups)
            {
                Measure(peers, rounds);
                var floor = peers[0];
                foreach (var p in peers)
                {
                    log.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"| {group} | {p.Name} | {Time(p.Min)} | {Time(p.Median)} | {p.Min / floor.Min:0.00} | {p.Median / floor.Median:0.00} | {(p.BytesPerCall < 1 ? "-" : $"{p.BytesPerCall:0} B")} |"));
                }
            }
        }
        finally
        {
            foreach (var cleanup in cleanups)
            {
                cleanup();
            }
        }
    }

    private static void Measure(Peer[] peers, int rounds)
    {
        foreach (var p in peers)
        {
            p.Calibrate();
        }

        // Unrecorded rounds first, so that tiered compilation has finished before anything counts.
        int warmup = Math.Max(1, rounds / 4);
        for (int r = -warmup; r < rounds; r++)
        {
            // Rotate the order so no peer always follows the same neighbour.
            for (int i = 0; i < peers.Length; i++)
            {
                peers[(r + warmup + i) % peers.Length].RunBatch(record: r >= 0);
            }
        }
    }

    private static string Time(double ns) => ns >= 1000 ? $"{ns / 1000:0.00} us" : $"{ns:0} ns";

    private sealed class Peer(string name, Action call)
    {
        private readonly List<double> _samples = [];
        private int _batch = 1;

        public string Name { get; } = name;

        public double BytesPerCall { get; private set; }

        public double Min => _samples.Min();

        public double Median
        {
            get
            {
                var sorted = _samples.Order().ToList();
                return sorted[sorted.Count / 2];
            }
        }

        public void Calibrate()
        {
            for (int i = 0; i < 200; i++)
            {
                call(); // tier up, fill caches
            }

            var sw = Stopwatch.StartNew();
            int n = 0;
            long before = GC.GetAllocatedBytesForCurrentThread();
            while (sw.Elapsed < TimeSpan.FromMilliseconds(20))
            {
                call();
                n++;
            }

            BytesPerCall = (GC.GetAllocatedBytesForCurrentThread() - before) / (double)n;
            _batch = Math.Max(1, (int)(n * BatchTarget.TotalMilliseconds / sw.Elapsed.TotalMilliseconds));
        }

        public void RunBatch(bool record)
        {
            long start = Stopwatch.GetTimestamp();
            for (int i = 0; i < _batch; i++)
            {
                call();
            }

            if (record)
            {
                _samples.Add(Stopwatch.GetElapsedTime(start).TotalNanoseconds / _batch);
            }
        }
    }
}
