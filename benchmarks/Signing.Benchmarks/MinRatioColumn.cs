using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace Signing.Benchmarks;

/// <summary>
/// The ratio of this benchmark's fastest iteration to the fastest iteration of its group's baseline.
/// On a shared machine, load and CPU steal only ever add time, and they add it unevenly to
/// benchmarks that run minutes apart; the minimum of many short iterations is the estimate least
/// touched by them, so this ratio is the one to judge against the goals (BenchmarkDotNet's own Ratio
/// column divides means).
/// </summary>
internal sealed class MinRatioColumn : IColumn
{
    public static readonly MinRatioColumn Instance = new();

    public string Id => nameof(MinRatioColumn);

    public string ColumnName => "Ratio(min)";

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Baseline;

    public int PriorityInCategory => 10;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Dimensionless;

    public string Legend => "Min of this benchmark / Min of its group's baseline (the floor): the ratio least affected by machine load";

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, summary.Style);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        var baseline = summary.GetBaseline(summary.GetLogicalGroupKey(benchmarkCase));
        double? min = summary[benchmarkCase]?.ResultStatistics?.Min;
        double? baseMin = baseline is null ? null : summary[baseline]?.ResultStatistics?.Min;
        return min is { } m && baseMin is { } b && b > 0 ? (m / b).ToString("0.00", CultureInfo.InvariantCulture) : "?";
    }

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    public bool IsAvailable(Summary summary) => summary.HasBaselines();
}
