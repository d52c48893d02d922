using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using Signing.Streaming;

namespace Signing.Benchmarks;

/// <summary>
/// aws-chunked chunk signing at 64 KiB and 1 MiB chunks, next to the floor: a raw SHA-256 of the
/// same bytes through a reused <see cref="IncrementalHash"/>. A chunk signature is that hash plus
/// one HMAC of a ~200-byte string to sign, so the goal is at least 90 % of the floor's throughput
/// (a ratio of at most 1.11).
/// </summary>
[MemoryDiagnoser]
public class ChunkSigning
{
    private readonly byte[] _signature = new byte[64];
    private readonly byte[] _hash = new byte[32];
    private IncrementalHash _sha256 = null!;
    private ChunkSigner _signer = null!;
    private byte[] _chunk = null!;

    /// <summary>The chunk size.</summary>
    [Params(64 * 1024, 1024 * 1024)]
    public int ChunkSize { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _chunk = new byte[ChunkSize];
        new Random(42).NextBytes(_chunk);
        _sha256 = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var signer = new SigV4Signer(Fixture.Credentials, Fixture.Region, "s3");
        _signer = signer.CreateChunkSigner(new string('0', 64), Fixture.Timestamp);
    }

    [GlobalCleanup]
    public void Cleanup() => _sha256.Dispose();

    /// <summary>The floor: SHA-256 of the chunk.</summary>
    [Benchmark(Baseline = true)]
    public int Floor_Sha256()
    {
        _sha256.AppendData(_chunk);
        return _sha256.GetHashAndReset(_hash);
    }

    /// <summary>Our chunk signature (hash of the chunk, string to sign, HMAC), chained.</summary>
    [Benchmark]
    public byte Ours_SignChunk()
    {
        _signer.SignChunk(_chunk, _signature);
        return _signature[0];
    }
}
