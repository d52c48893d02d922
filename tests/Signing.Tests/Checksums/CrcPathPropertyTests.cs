using System;
using System.Runtime.Intrinsics.X86;
using FsCheck.Fluent;
using Signing.Checksums;
using Xunit.Abstractions;
using ArmCrc = System.Runtime.Intrinsics.Arm.Crc32;

namespace Signing.Tests.Checksums;

/// <summary>
/// Every implementation path (tables, SSE4.2, PCLMULQDQ folding, Arm64 CRC instructions, and the
/// dispatcher that picks one) must equal the bit-at-a-time oracle for random payloads, random raw
/// register values and random split points. Paths the current CPU lacks are reported as
/// unavailable by <see cref="Available"/> and checked only on hardware that has them.
/// </summary>
public class CrcPathPropertyTests(ITestOutputHelper output)
{
    private delegate ulong Update(ulong state, ReadOnlySpan<byte> data);

    public static TheoryData<string> Paths => new()
    {
        "Crc32.Update", "Crc32.Table", "Crc32.Pclmul", "Crc32.Arm64",
        "Crc32C.Update", "Crc32C.Table", "Crc32C.Sse42", "Crc32C.Pclmul", "Crc32C.Arm64",
        "Crc64Nvme.Update", "Crc64Nvme.Table", "Crc64Nvme.Pclmul",
    };

    [Theory]
    [MemberData(nameof(Paths))]
    public void CrcPath_Update_EqualsBitwiseReferenceForAnySplit(string path)
    {
        if (!Available(path))
        {
            return; // This CPU cannot run the path; CrcPath_Available_MatchesCpu covers the dispatcher.
        }

        (Update update, ulong poly, int width) = Resolve(path);
        ulong mask = width == 64 ? ulong.MaxValue : uint.MaxValue;
        var property = Prop.ForAll(PropertyCheck.Cases(), c =>
        {
            ulong state = c.State & mask;
            ulong expected = CrcReference.UpdateRaw(poly, width, state, c.Data);
            ulong whole = update(state, c.Data);
            ulong pieces = update(update(update(state, c.Part1), c.Part2), c.Part3);
            return whole == expected && pieces == expected;
        });

        PropertyCheck.Run(property, seed: 0x5EED_C4C0_0001UL + (ulong)path.Length, maxTest: 300);
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void CrcPath_Update_LongPayloadEqualsReference(string path)
    {
        if (!Available(path))
        {
            return;
        }

        // One long input so the 4-lane folding loop runs many times (the property keeps inputs small).
        var data = new byte[100_003];
        new System.Random(20240524).NextBytes(data);
        (Update update, ulong poly, int width) = Resolve(path);
        ulong state = width == 64 ? 0x0123456789ABCDEFUL : 0x89ABCDEFUL;

        Assert.Equal(CrcReference.UpdateRaw(poly, width, state, data), update(state, data));
    }

    [Fact]
    public void CrcPath_Available_ReportsWhatThisCpuRuns()
    {
        // Not an assertion about the CPU: it records in the test output which paths were exercised.
        foreach (string path in Paths)
        {
            output.WriteLine($"{path}: {(Available(path) ? "tested" : "not available on this CPU")}");
        }

        Assert.True(Available("Crc32.Table"));
    }

    [Fact]
    public void Crc_Append_ContinuesCompute()
    {
        var property = Prop.ForAll(PropertyCheck.Cases(), c =>
            Crc32.Append(Crc32.Append(Crc32.Compute(c.Part1), c.Part2), c.Part3) == CrcReference.Crc32(c.Data)
            && Crc32C.Append(Crc32C.Append(Crc32C.Append(0, c.Part1), c.Part2), c.Part3) == CrcReference.Crc32C(c.Data)
            && Crc64Nvme.Append(Crc64Nvme.Append(Crc64Nvme.Compute(c.Part1), c.Part2), c.Part3) == CrcReference.Crc64Nvme(c.Data));

        PropertyCheck.Run(property, seed: 0x5EED_A99E_0000UL, maxTest: 200);
    }

    private static bool Available(string path) => path.Split('.')[1] switch
    {
        "Pclmul" => Pclmulqdq.IsSupported,
        "Sse42" => Sse42.IsSupported,
        "Arm64" => ArmCrc.Arm64.IsSupported,
        _ => true,
    };

    private static (Update Update, ulong Poly, int Width) Resolve(string path) => path switch
    {
        "Crc32.Update" => ((s, d) => Crc32.Update((uint)s, d), CrcReference.Crc32Poly, 32),
        "Crc32.Table" => ((s, d) => Crc32.UpdateTable((uint)s, d), CrcReference.Crc32Poly, 32),
        "Crc32.Pclmul" => ((s, d) => Crc32.UpdatePclmul((uint)s, d), CrcReference.Crc32Poly, 32),
        "Crc32.Arm64" => ((s, d) => Crc32.UpdateArm64((uint)s, d), CrcReference.Crc32Poly, 32),
        "Crc32C.Update" => ((s, d) => Crc32C.Update((uint)s, d), CrcReference.Crc32CPoly, 32),
        "Crc32C.Table" => ((s, d) => Crc32C.UpdateTable((uint)s, d), CrcReference.Crc32CPoly, 32),
        "Crc32C.Sse42" => ((s, d) => Crc32C.UpdateSse42((uint)s, d), CrcReference.Crc32CPoly, 32),
        "Crc32C.Pclmul" => ((s, d) => Crc32C.UpdatePclmul((uint)s, d), CrcReference.Crc32CPoly, 32),
        "Crc32C.Arm64" => ((s, d) => Crc32C.UpdateArm64((uint)s, d), CrcReference.Crc32CPoly, 32),
        "Crc64Nvme.Update" => ((s, d) => Crc64Nvme.Update(s, d), CrcReference.Crc64NvmePoly, 64),
        "Crc64Nvme.Table" => ((s, d) => Crc64Nvme.UpdateTable(s, d), CrcReference.Crc64NvmePoly, 64),
        "Crc64Nvme.Pclmul" => ((s, d) => Crc64Nvme.UpdatePclmul(s, d), CrcReference.Crc64NvmePoly, 64),
        _ => throw new ArgumentException($"Unknown path '{path}'.", nameof(path)),
    };
}
