using Signing.Cli;
using Signing.S3;

namespace Signing.Tests.Cli;

public class S3ListFormatTests
{
    private static readonly DateTimeOffset Time = new(2024, 5, 1, 12, 30, 5, TimeSpan.Zero);
    private static readonly TimeZoneInfo PlusTwo = TimeZoneInfo.CreateCustomTimeZone("plus-two", TimeSpan.FromHours(2), "plus-two", "plus-two");

    [Fact]
    public void S3ListFormat_Bucket_LocalTimeThenName() =>
        Assert.Equal("2024-05-01 14:30:05 photos", S3ListFormat.Bucket(new S3Bucket("photos", Time), PlusTwo));

    [Fact]
    public void S3ListFormat_Folder_PreRightAlignedIn30Columns()
    {
        Assert.Equal("                           PRE photos/", S3ListFormat.Folder("photos/"));
        Assert.Equal("                           PRE 2024/", S3ListFormat.Folder("photos/2024/"));
    }

    [Fact]
    public void S3ListFormat_Object_SizeIn10ColumnsThenBaseName()
    {
        var o = new S3Object("photos/2024/cat.png", 1234, Time, "\"e\"", "STANDARD");
        Assert.Equal("2024-05-01 12:30:05       1234 cat.png", S3ListFormat.Object(o, humanReadable: false, fullKey: false, TimeZoneInfo.Utc));
        Assert.Equal("2024-05-01 12:30:05       1234 photos/2024/cat.png", S3ListFormat.Object(o, humanReadable: false, fullKey: true, TimeZoneInfo.Utc));
        Assert.Equal("2024-05-01 12:30:05    1.2 KiB cat.png", S3ListFormat.Object(o, humanReadable: true, fullKey: false, TimeZoneInfo.Utc));
    }

    [Fact]
    public void S3ListFormat_Object_NoTime_BlankColumns() =>
        Assert.Equal("                             0 k", S3ListFormat.Object(new S3Object("k", 0, null, null, null), false, false, TimeZoneInfo.Utc));

    [Theory]
    [InlineData(0, "0 Bytes")]
    [InlineData(1, "1 Byte")]
    [InlineData(1023, "1023 Bytes")]
    [InlineData(1024, "1.0 KiB")]
    [InlineData(1536, "1.5 KiB")]
    [InlineData(20 * 1024 * 1024, "20.0 MiB")]
    [InlineData((1024 * 1024) - 1, "1.0 MiB")]
    [InlineData(5L * 1024 * 1024 * 1024, "5.0 GiB")]
    public void S3ListFormat_HumanSize_AsTheAwsCli(long bytes, string expected) =>
        Assert.Equal(expected, S3ListFormat.HumanSize(bytes));

    [Fact]
    public void S3ListFormat_Summary_AwsCliLayout()
    {
        Assert.Equal("\nTotal Objects: 3\n   Total Size: 2048", S3ListFormat.Summary(3, 2048, humanReadable: false));
        Assert.Equal("\nTotal Objects: 3\n   Total Size: 2.0 KiB", S3ListFormat.Summary(3, 2048, humanReadable: true));
    }
}
