using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using Microsoft.FSharp.Core;

namespace Signing.Tests.Properties;

/// <summary>
/// Runs an FsCheck property with a fixed seed, so every run checks the same cases and a failure
/// can be replayed. A failure message starts with the property name, the seed and how to replay
/// it; FsCheck's own report (original and shrunk case, printed as C# literals) follows.
/// <para>
/// <c>SIGNING_PROPERTY_SEED=&lt;n&gt;</c> replaces every property's seed (to replay a reported seed, or to
/// explore new cases); <c>SIGNING_PROPERTY_RUNS=&lt;factor&gt;</c> multiplies the case counts.
/// </para>
/// </summary>
internal static class PropertyRunner
{
    public static ulong? SeedOverride => ulong.TryParse(Environment.GetEnvironmentVariable("SIGNING_PROPERTY_SEED"), NumberStyles.None, CultureInfo.InvariantCulture, out ulong s) ? s : null;

    public static int RunFactor => int.TryParse(Environment.GetEnvironmentVariable("SIGNING_PROPERTY_RUNS"), NumberStyles.None, CultureInfo.InvariantCulture, out int f) && f > 0 ? f : 1;

    /// <summary>Checks <paramref name="property"/> (which throws on failure) on <paramref name="runs"/> cases of <paramref name="arbitrary"/>.</summary>
    public static void Check<T>(string name, ulong seed, int runs, Arbitrary<T> arbitrary, Action<T> property) =>
        Check(name, seed, runs, Prop.ForAll(arbitrary, property));

    /// <summary>Checks a ready-made <paramref name="property"/> on <paramref name="runs"/> cases, seeded the same way.</summary>
    public static void Check(string name, ulong seed, int runs, Property property)
    {
        ulong used = SeedOverride ?? seed;
        var config = Config.QuickThrowOnFailure
            .WithMaxTest(runs * RunFactor)
            .WithQuietOnSuccess(true)
            .WithName(name)
            .WithReplay(FSharpOption<Replay>.Some(new Replay(new Rnd(used), FSharpOption<int>.None)));
        try
        {
            FsCheck.Check.One(config, property);
        }
        catch (Exception ex) when (ex is not PropertyFailedException)
        {
            throw new PropertyFailedException(
                $"Property {name} failed with seed {used} (replay: SIGNING_PROPERTY_SEED={used} dotnet test --filter \"FullyQualifiedName~{name}\").\n{ex.Message}",
                ex);
        }
    }

    /// <summary>A string as a C# literal: printable ASCII as is, everything else as \uXXXX, so a failing case can be pasted into a test.</summary>
    public static string Literal(string? s)
    {
        if (s is null)
        {
            return "null";
        }

        var sb = new System.Text.StringBuilder(s.Length + 2);
        sb.Append('"');
        foreach (char c in s)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\t': sb.Append("\\t"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                default:
                    if (c is < ' ' or > '~')
                    {
                        sb.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        sb.Append(c);
                    }

                    break;
            }
        }

        return sb.Append('"').ToString();
    }
}

/// <summary>A property failed; the message names the property, the seed and the case.</summary>
public sealed class PropertyFailedException : Exception
{
    public PropertyFailedException()
    {
    }

    public PropertyFailedException(string message)
        : base(message)
    {
    }

    public PropertyFailedException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
