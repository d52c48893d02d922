using System.Globalization;

namespace Signing.S3.Internal;

/// <summary>
/// Parses the times in S3's XML answers. The form every S3 server writes,
/// <c>yyyy-MM-ddTHH:mm:ss[.f…]Z</c> (1 to 7 fraction digits), is read at fixed offsets; anything
/// else goes to <see cref="DateTimeOffset.TryParse(ReadOnlySpan{char}, IFormatProvider, DateTimeStyles, out DateTimeOffset)"/>.
/// Both give the same value (offset zero) for the fixed form; the fast path only spares the general
/// parser, a thousand times per listing page.
/// </summary>
internal static class IsoTimestamp
{
    //   0123456789012345678 9...
    //   yyyy-MM-ddTHH:mm:ss[.fffffff]Z
    private const int ShortLength = 20;
    private const int MaxFractionDigits = 7;

    /// <param name="text">The time as written.</param>
    /// <param name="styles">For the general parser: how a time without an offset is taken.</param>
    /// <param name="value">The time.</param>
    /// <returns>Whether <paramref name="text"/> is a time.</returns>
    public static bool TryParse(ReadOnlySpan<char> text, DateTimeStyles styles, out DateTimeOffset value) =>
        TryParseUtc(text, out value) || DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, styles, out value);

    private static bool TryParseUtc(ReadOnlySpan<char> s, out DateTimeOffset value)
    {
        value = default;
        if (s.Length < ShortLength || s.Length > ShortLength + 1 + MaxFractionDigits || s[^1] != 'Z'
            || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' || s[16] != ':')
        {
            return false;
        }

        if (!Digits(s.Slice(0, 4), out int year) || !Digits(s.Slice(5, 2), out int month) || !Digits(s.Slice(8, 2), out int day)
            || !Digits(s.Slice(11, 2), out int hour) || !Digits(s.Slice(14, 2), out int minute) || !Digits(s.Slice(17, 2), out int second))
        {
            return false;
        }

        long ticks = 0;
        if (s.Length > ShortLength)
        {
            var fraction = s[(ShortLength)..^1];
            if (s[ShortLength - 1] != '.' || fraction.IsEmpty || !Digits(fraction, out int f))
            {
                return false;
            }

            ticks = f;
            for (int i = fraction.Length; i < MaxFractionDigits; i++)
            {
                ticks *= 10;
            }
        }

        if (year < 1 || month < 1 || month > 12 || day < 1 || day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 59)
        {
            return false;
        }

        value = new DateTimeOffset(year, month, day, hour, minute, second, TimeSpan.Zero).AddTicks(ticks);
        return true;
    }

    private static bool Digits(ReadOnlySpan<char> digits, out int value)
    {
        value = 0;
        foreach (char c in digits)
        {
            if ((uint)(c - '0') > 9)
            {
                return false;
            }

            value = (value * 10) + (c - '0');
        }

        return true;
    }
}
