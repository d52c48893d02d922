using System.Globalization;
using System.Text.RegularExpressions;

namespace Signing.Tests.Cli;

public class BenchCommandTests
{
    private static readonly string[] Rows =
    [
        "SigV4 header signature, warm key cache",
        "SigV4 header signature, cold key cache",
        "SigV4 presigned GET URL",
        "SigV2 header signature",
        "chunk signing, 64 KiB chunks",
        "raw SHA-256, 64 KiB (floor)",
        "chunk signing, 1 MiB chunks",
        "raw SHA-256, 1 MiB (floor)",
    ];

    [Fact]
    public void BenchCommand_Quick_PrintsEveryRowWithAPositiveRate()
    {
        var (code, stdout, stderr) = SignCommandVectorTests.Run(["bench", "--quick"]);
        Assert.True(code == 0, stderr);
        foreach (string row in Rows)
        {
            var line = stdout.Split('\n').SingleOrDefault(l => l.StartsWith(row, StringComparison.Ordinal));
            Assert.True(line is not null, $"no row '{row}' in:\n{stdout}");
            var rate = Regex.Match(line![row.Length..], @"^\s+([\d,]+) (/s|MB/s)");
            Assert.True(rate.Success, line);
            Assert.True(double.Parse(rate.Groups[1].Value, NumberStyles.Number, CultureInfo.InvariantCulture) > 0, line);
        }
    }

    [Fact]
    public void BenchCommand_WarmSigV4_AllocatesNothing()
    {
        var (code, stdout, _) = SignCommandVectorTests.Run(["bench", "--quick"]);
        Assert.Equal(0, code);
        string line = stdout.Split('\n').Single(l => l.StartsWith("SigV4 header signature, warm key cache", StringComparison.Ordinal));
        Assert.Matches(@"\s0 B\s*$", line);
    }

    [Theory]
    [InlineData("--seconds", "0")]
    [InlineData("--seconds", "soon")]
    [InlineData("--seconds", "61")]
    [InlineData("--bogus", "x")]
    public void BenchCommand_BadInput_ExitsTwoWithOneLine(string flag, string value)
    {
        var (code, stdout, stderr) = SignCommandVectorTests.Run(["bench", flag, value]);
        Assert.Equal(2, code);
        Assert.Empty(stdout);
        Assert.Single(stderr.TrimEnd().Split('\n'));
        Assert.Contains(flag == "--bogus" ? flag : value, stderr, StringComparison.Ordinal);
    }
}
