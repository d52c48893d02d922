using System.Globalization;
using Signing.S3.Internal;

namespace Signing.S3.Tests.Unit;

public sealed class IsoTimestampTests
{
    private const DateTimeStyles Styles = DateTimeStyles.AssumeUniversal;

    /// <summary>The fixed-offset path gives exactly what DateTimeOffset.TryParse gives, for every fraction length S3 servers write.</summary>
    [Theory]
    [InlineData("yyyy-MM-dd'T'HH:mm:ss'Z'")]
    [InlineData("yyyy-MM-dd'T'HH:mm:ss.f'Z'")]
    [InlineData("yyyy-MM-dd'T'HH:mm:ss.fff'Z'")]
    [InlineData("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'")]
    [InlineData("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'")]
    public void IsoTimestamp_TryParse_SameAsDateTimeOffsetTryParse(string format)
    {
        var random = new Random(0x150_7157);
        for (int i = 0; i < 5000; i++)
        {
            var time = new DateTime(random.NextInt64(DateTime.MinValue.Ticks, DateTime.MaxValue.Ticks), DateTimeKind.Utc);
            string text = time.ToString(format, CultureInfo.InvariantCulture);
            Assert.True(DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, Styles, out var expected), text);
            Assert.True(IsoTimestamp.TryParse(text, Styles, out var actual), text);
            Assert.Equal(expected, actual);
            Assert.Equal(expected.Offset, actual.Offset);
        }
    }

    /// <summary>Other forms, and text that is no time, go to the general parser: the same answer.</summary>
    [Theory]
    [InlineData("2026-11-21T01:02:03.000Z")]
    [InlineData("2026-11-21T01:02:03Z")]
    [InlineData("2026-11-21T01:02:03.000+02:00")]
    [InlineData("2026-11-21T01:02:03")]
    [InlineData("Sat, 21 Nov 2026 01:02:03 GMT")]
    [InlineData("2024-02-29T23:59:59.9999999Z")]
    [InlineData("2026-13-01T00:00:00Z")]
    [InlineData("2026-02-30T00:00:00Z")]
    [InlineData("2026-11-21T24:00:00Z")]
    [InlineData("2026-11-21T01:02:03.Z")]
    [InlineData("2026-11-21T01:02:03.12345678Z")]
    [InlineData("0000-01-01T00:00:00Z")]
    [InlineData("2026-11-2lT01:02:03Z")]
    [InlineData("")]
    public void IsoTimestamp_TryParse_OtherTextAsTheGeneralParser(string text)
    {
        bool ok = DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, Styles, out var expected);
        Assert.Equal(ok, IsoTimestamp.TryParse(text, Styles, out var actual));
        Assert.Equal(expected, actual);
        Assert.Equal(expected.Offset, actual.Offset);
    }
}
