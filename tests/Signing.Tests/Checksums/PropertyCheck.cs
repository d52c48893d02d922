using System;
using FsCheck;
using FsCheck.Fluent;
using Microsoft.FSharp.Core;

namespace Signing.Tests.Checksums;

/// <summary>
/// Runs FsCheck properties with a fixed seed, so every run tests the same cases and a failure
/// names the seed that reproduces it.
/// </summary>
internal static class PropertyCheck
{
    /// <summary>Runs <paramref name="property"/> through the suite's seeded runner (see <see cref="Properties.PropertyRunner"/>).</summary>
    internal static void Run(Property property, ulong seed, int maxTest = 200, [System.Runtime.CompilerServices.CallerMemberName] string name = "") =>
        Properties.PropertyRunner.Check(name, seed, maxTest, property);

    /// <summary>
    /// Payload lengths biased toward the edges of the fast paths: empty, 8-byte words, 16-byte
    /// lanes, the 64-byte folding minimum and the 128-byte CRC32C folding threshold.
    /// </summary>
    internal static Gen<int> Lengths(int max) => Gen.Frequency(
        (3, Gen.Choose(0, 200)),
        (3, Gen.Choose(0, max)),
        (2, Gen.Elements(0, 1, 7, 8, 9, 15, 16, 17, 63, 64, 65, 79, 80, 127, 128, 129, 511, 512, 513, 527, 1024, 1039)));

    /// <summary>A payload with two cut points (0 &lt;= Cut1 &lt;= Cut2 &lt;= length) and a raw register value.</summary>
    internal static Arbitrary<Case> Cases(int maxLength = 4200) =>
        (from length in Lengths(maxLength)
         from fill in Gen.Choose(int.MinValue, int.MaxValue)
         from a in Gen.Choose(0, length)
         from b in Gen.Choose(0, length)
         from stateHi in Gen.Choose(int.MinValue, int.MaxValue)
         from stateLo in Gen.Choose(int.MinValue, int.MaxValue)
         select new Case(Fill(length, fill), Math.Min(a, b), Math.Max(a, b), ((ulong)(uint)stateHi << 32) | (uint)stateLo))
        .ToArbitrary();

    private static byte[] Fill(int length, int seed)
    {
        var data = new byte[length];
        new System.Random(seed).NextBytes(data);
        return data;
    }

    internal sealed record Case(byte[] Data, int Cut1, int Cut2, ulong State)
    {
        public ReadOnlySpan<byte> Part1 => Data.AsSpan(0, Cut1);

        public ReadOnlySpan<byte> Part2 => Data.AsSpan(Cut1, Cut2 - Cut1);

        public ReadOnlySpan<byte> Part3 => Data.AsSpan(Cut2);

        public override string ToString() =>
            $"Case {{ Length = {Data.Length}, Cuts = {Cut1}/{Cut2}, State = 0x{State:X16}, " +
            $"Data = {Convert.ToHexString(Data.AsSpan(0, Math.Min(Data.Length, 32)))}{(Data.Length > 32 ? "..." : "")} }}";
    }
}
