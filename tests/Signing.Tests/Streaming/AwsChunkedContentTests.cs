using FsCheck;
using FsCheck.Fluent;
using Signing.Checksums;
using Signing.Streaming;

namespace Signing.Tests.Streaming;

public class AwsChunkedContentTests
{
    private const int Seed = 20131124;
    private static readonly DateTimeOffset Time = new(2013, 5, 24, 0, 0, 0, TimeSpan.Zero);
    private static readonly SigV4Signer Signer = new(new AwsCredentials("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"), "us-east-1", "s3");

    private static readonly string SeedSignature = new string('0', 63) + "1";

    [Theory]
    [InlineData(63, 'a')]
    [InlineData(64, 'A')]  // upper-case hex is not what SigV4 sends
    [InlineData(64, '\n')] // would go into every chunk's string to sign
    [InlineData(64, 'é')]  // narrowed to a byte before: another char in the string to sign
    public void CreateChunkSigner_SeedNotLowerHex64_IsRefusedNamingIt(int length, char odd)
    {
        string seed = new string('0', length - 1) + odd;
        var e = Assert.Throws<ArgumentException>(() => Signer.CreateChunkSigner(seed, Time));
        Assert.Equal("seedSignature", e.ParamName);
        Assert.Contains("lower-case hex", e.Message, StringComparison.Ordinal);
    }

    private static Payload Mode(bool signed, ChecksumAlgorithm? trailer, int chunkSize) =>
        signed ? Payload.Streaming(trailer, chunkSize) : Payload.StreamingUnsigned(trailer!.Value, chunkSize);

    private static async Task<byte[]> EncodeAsync(byte[] body, int chunkSize, ChecksumAlgorithm? trailer, bool signed, bool knownLength = true)
    {
        using var content = new AwsChunkedContent(new MemoryStream(body), knownLength ? body.Length : null, Mode(signed, trailer, chunkSize));
        if (signed)
        {
            content.Sign(Signer.CreateChunkSigner(SeedSignature, Time));
        }

        var output = new MemoryStream();
        await content.CopyToAsync(output);
        if (knownLength)
        {
            Assert.Equal(output.Length, content.Headers.ContentLength);
        }

        return output.ToArray();
    }

    [Fact]
    public void AwsChunkedContent_RoundTrip_DecodesToInputForAnySizeAndChunkSize()
    {
        int[] chunkSizes = [8192, 8193, 10000, 65536];
        var gen =
            from chunkIndex in Gen.Choose(0, chunkSizes.Length - 1)
            from shape in Gen.Choose(0, 6)
            from extra in Gen.Choose(0, 5 * 65536)
            from trailer in Gen.Elements<ChecksumAlgorithm?>(null, ChecksumAlgorithm.Crc32C, ChecksumAlgorithm.Crc64Nvme, ChecksumAlgorithm.Sha256)
            from unsigned in Gen.Elements(false, true)
            from known in Gen.Elements(true, false)
            let chunk = chunkSizes[chunkIndex]
            select (chunk, Size: shape switch { 0 => 0, 1 => 1, 2 => chunk - 1, 3 => chunk, 4 => chunk + 1, 5 => 3 * chunk, _ => extra }, trailer, unsigned, known);
        var property = Prop.ForAll(gen.ToArbitrary(), c =>
        {
            bool signed = !(c.unsigned && c.trailer is not null);
            var body = new byte[c.Size];
            new Random(c.Size).NextBytes(body);
            byte[] encoded = EncodeAsync(body, c.chunk, c.trailer, signed, c.known).GetAwaiter().GetResult();
            var verifier = signed ? Signer.CreateChunkSigner(SeedSignature, Time) : null;
            var (decoded, trailers) = ChunkedDecoder.Decode(encoded, verifier);
            bool trailerOk = c.trailer is not { } a || (trailers.Count == 1 && trailers[0].Value == PayloadChecksum.ComputeBase64(a, body));
            bool lengthOk = encoded.Length == AwsChunkedEncoding.EncodedLength(c.Size, c.chunk, signed,
                c.trailer is { } t ? [(PayloadChecksum.HeaderName(t), PayloadChecksum.Base64Length(t))] : default, signed && c.trailer is not null);
            return decoded.AsSpan().SequenceEqual(body) && trailerOk && lengthOk;
        });
        Checksums.PropertyCheck.Run(property, Seed, maxTest: 150);
    }

    [Fact]
    public async Task AwsChunkedContent_FlippedByte_FailsThatChunksSignature()
    {
        var body = new byte[3 * 8192 + 17];
        new Random(7).NextBytes(body);
        byte[] encoded = await EncodeAsync(body, 8192, ChecksumAlgorithm.Crc32C, signed: true);
        var rng = new Random(Seed);
        for (int trial = 0; trial < 50; trial++)
        {
            byte[] tampered = (byte[])encoded.Clone();
            int at;
            do
            {
                at = rng.Next(tampered.Length);
            }
            while (tampered[at] is (byte)'\r' or (byte)'\n');   // keep the framing; change the content
            tampered[at] ^= (byte)(1 + rng.Next(255));
            Assert.ThrowsAny<Exception>(() => ChunkedDecoder.Decode(tampered, Signer.CreateChunkSigner(SeedSignature, Time)));
        }
    }

    [Fact]
    public void ChunkSigner_SignChunk_AllocatesNothing()
    {
        var signer = Signer.CreateChunkSigner(SeedSignature, Time);
        var chunk = new byte[65536];
        Span<byte> signature = stackalloc byte[64];
        for (int i = 0; i < 20; i++)
        {
            signer.SignChunk(chunk, signature);
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++)
        {
            signer.SignChunk(chunk, signature);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void AwsChunkedContent_BadArguments_NameTheFix()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Payload.Streaming(chunkSize: 1024));
        Assert.Contains("8 KiB", e.Message, StringComparison.Ordinal);
        Assert.Equal("chunkSize", e.ParamName);
        var notStreaming = Assert.Throws<ArgumentException>(() => new AwsChunkedContent(new MemoryStream(), 0, Payload.Unsigned));
        Assert.Equal("payload", notStreaming.ParamName);
    }

    [Fact]
    public async Task AwsChunkedContent_WrongAnnouncedLength_Throws()
    {
        using var content = new AwsChunkedContent(new MemoryStream(new byte[10]), 11, Payload.Streaming());
        content.Sign(Signer.CreateChunkSigner(SeedSignature, Time));
        await Assert.ThrowsAsync<InvalidOperationException>(() => content.CopyToAsync(new MemoryStream()));
    }
}
