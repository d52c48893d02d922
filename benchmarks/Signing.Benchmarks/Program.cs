using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Perfolizer.Horology;

namespace Signing.Benchmarks;

/// <summary>
/// Runs the signing benchmarks.
/// <code>
/// dotnet run -c Release --project benchmarks/Signing.Benchmarks -- --filter '*'   # measure (a few minutes)
/// dotnet run -c Release --project benchmarks/Signing.Benchmarks -- --quick        # CI: build, cross-check, run each once
/// dotnet run -c Release --project benchmarks/Signing.Benchmarks -- --interleaved  # peers taking turns: ratios on a loaded machine
/// dotnet run -c Release --project benchmarks/Signing.Benchmarks -- --loop S3PutMetadata  # 10 s of our core path, to run under perf
/// </code>
/// Any other BenchmarkDotNet option passes through (e.g. <c>--filter '*Presign*'</c>, <c>--job short</c>).
/// Exits 0 when every benchmark ran, non-zero on a cross-check mismatch or a failed benchmark.
/// </summary>
public static class Program
{
    private const string QuickFlag = "--quick";
    private const string InterleavedFlag = "--interleaved";

    public static int Main(string[] args)
    {
        if (args is ["--loop", var name] && Enum.TryParse<HeaderCase>(name, out var loopCase))
        {
            return Loop(loopCase, TimeSpan.FromSeconds(10));
        }

        bool quick = args.Contains(QuickFlag, StringComparer.Ordinal);
        bool interleaved = args.Contains(InterleavedFlag, StringComparer.Ordinal);
        args = [.. args.Where(a => !string.Equals(a, QuickFlag, StringComparison.Ordinal) && !string.Equals(a, InterleavedFlag, StringComparison.Ordinal))];

        if (!CrossCheck.Run(Console.Out))
        {
            return 2;
        }

        if (interleaved || quick)
        {
            // --quick runs it too, with 4 rounds, to prove it works; its numbers then mean nothing.
            Interleaved.Run(Console.Out, rounds: quick ? 4 : 500);
            if (interleaved)
            {
                return 0;
            }
        }

        IConfig config = quick ? QuickConfig() : FullConfig();
        if (quick && !args.Contains("--filter", StringComparer.Ordinal))
        {
            args = [.. args, "--filter", "*"];
        }

        var summaries = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, config).ToList();
        return Failed(summaries) ? 1 : 0;
    }

    /// <summary>
    /// The measuring job: ShortRun-like (one launch, 3 warm-up iterations), but 15 measured iterations of
    /// 100 ms instead of 3 of 500 ms, so that on a loaded 2-core machine some iterations run
    /// uncontended and the Min and Ratio(min) columns mean something; the whole suite stays within a
    /// few minutes. Each benchmark still runs in its own process, so thread-static hash instances and
    /// the SDK's static key cache do not leak between peers.
    /// </summary>
    private static ManualConfig FullConfig() =>
        DefaultConfig.Instance
            .AddJob(Job.Default
                .WithId("Short")
                .WithLaunchCount(1)
                .WithWarmupCount(3)
                .WithIterationCount(15)
                .WithIterationTime(TimeInterval.FromMilliseconds(100)))
            .AddColumn(StatisticColumn.Min, StatisticColumn.Median, MinRatioColumn.Instance)
            // Each benchmark's generated project is built while other builds share the 2 cores: the 2-minute default is too short.
            .WithBuildTimeout(TimeSpan.FromMinutes(10));

    /// <summary>
    /// The CI smoke job: in-process (no per-benchmark build or process), one cold invocation each.
    /// It proves the suite builds and every benchmark runs; its timings mean nothing.
    /// </summary>
    private static ManualConfig QuickConfig() =>
        DefaultConfig.Instance
            .AddJob(Job.Dry.WithId("Quick").WithToolchain(InProcessEmitToolchain.Instance))
            .AddColumn(MinRatioColumn.Instance);

    /// <summary>Our warm core path on one request for a while: something steady for a sampling profiler to look at.</summary>
    private static int Loop(HeaderCase request, TimeSpan duration)
    {
        var b = new SigV4HeaderSigning { Request = request };
        b.Setup();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        long calls = 0;
        while (clock.Elapsed < duration)
        {
            for (int i = 0; i < 1000; i++)
            {
                b.Ours_TryCompute();
            }

            calls += 1000;
        }

        Console.WriteLine($"{request}: {calls} signatures, {clock.Elapsed.TotalNanoseconds / calls:0} ns each");
        b.Cleanup();
        return 0;
    }

    private static bool Failed(List<Summary> summaries)
    {
        if (summaries.Count == 0)
        {
            Console.Error.WriteLine("No benchmark ran: check the --filter pattern.");
            return true;
        }

        bool failed = false;
        foreach (var summary in summaries)
        {
            if (summary.HasCriticalValidationErrors)
            {
                Console.Error.WriteLine($"{summary.Title}: critical validation errors.");
                failed = true;
            }

            foreach (var report in summary.Reports.Where(r => !r.Success))
            {
                Console.Error.WriteLine($"{report.BenchmarkCase.DisplayInfo}: failed.");
                failed = true;
            }

            if (summary.Reports.Length < summary.BenchmarksCases.Length)
            {
                Console.Error.WriteLine($"{summary.Title}: {summary.BenchmarksCases.Length - summary.Reports.Length} benchmark(s) produced no report.");
                failed = true;
            }
        }

        return failed;
    }
}
