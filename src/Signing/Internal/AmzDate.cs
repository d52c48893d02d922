namespace Signing.Internal;

/// <summary>
/// The SigV4 timestamp <c>yyyyMMddTHHmmssZ</c>, always 16 chars:
/// <code>
/// offset 0         8 9     15
///        20150830  T 123600 Z
/// </code>
/// </summary>
internal static class AmzDate
{
    public const int Length = 16;
    public const int DateLength = 8;

    public static void Write(DateTimeOffset timestamp, Span<char> destination)
    {
        _ = destination[Length - 1]; // one bounds check up front
        var t = timestamp.UtcDateTime;
        t.Deconstruct(out int year, out int month, out int day); // one date computation, not three
        Write4(destination, 0, year);
        Write2(destination, 4, month);
        Write2(destination, 6, day);
        destination[8] = 'T';
        Write2(destination, 9, t.Hour);
        Write2(destination, 11, t.Minute);
        Write2(destination, 13, t.Second);
        destination[15] = 'Z';
    }

    private static void Write4(Span<char> d, int at, int v)
    {
        d[at] = (char)('0' + (v / 1000 % 10));
        d[at + 1] = (char)('0' + (v / 100 % 10));
        d[at + 2] = (char)('0' + (v / 10 % 10));
        d[at + 3] = (char)('0' + (v % 10));
    }

    private static void Write2(Span<char> d, int at, int v)
    {
        d[at] = (char)('0' + (v / 10));
        d[at + 1] = (char)('0' + (v % 10));
    }
}
