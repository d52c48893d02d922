using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace Signing.Internal;

/// <summary>Every exception the library throws for bad input: parameter, value and the fix. Never a secret.</summary>
[StackTraceHidden]
internal static class ThrowHelper
{
    [DoesNotReturn]
    public static void Argument(string parameter, string message) =>
        throw new ArgumentException(message, parameter);

    [DoesNotReturn]
    public static void OutOfRange(string parameter, object? value, string message) =>
        throw new ArgumentOutOfRangeException(parameter, value, message);

    /// <summary>Throws as <see cref="Null"/> when <paramref name="value"/> is null, naming the argument as the call site writes it.</summary>
    public static void IfNull([NotNull] object? value, [CallerArgumentExpression(nameof(value))] string parameter = "")
    {
        if (value is null)
        {
            Null(parameter);
        }
    }

    [DoesNotReturn]
    public static void Null(string parameter) =>
        throw new ArgumentNullException(parameter, $"{parameter} is null: pass a value.");

    /// <summary>Shows a value in a message, quoted and cut to a readable length; control characters escaped.</summary>
    public static string Show(ReadOnlySpan<char> value)
    {
        const int Max = 120;
        var cut = value.Length > Max ? value[..Max] : value;
        var sb = new System.Text.StringBuilder(cut.Length + 8);
        sb.Append('\'');
        foreach (char c in cut)
        {
            if (c < 0x20 || c == 0x7F)
            {
                sb.Append("\\x").Append(((int)c).ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
            else
            {
                sb.Append(c);
            }
        }

        sb.Append('\'');
        if (value.Length > Max)
        {
            sb.Append("...");
        }

        return sb.ToString();
    }
}
