using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Signing.Streaming;
using Signing.Tests.Vectors;

namespace Signing.Tests.Streaming;

/// <summary>The S3 documentation's aws-chunked examples, checked seed, chunk by chunk, trailer, and the whole encoded body.</summary>
public class StreamingVectorTests
{
    public static TheoryData<string> Cases
    {
        get
        {
            var data = new TheoryData<string>();
            foreach (string f in Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "testvectors", "sigv4-streaming-s3-docs"), "*.json").Order(StringComparer.Ordinal))
            {
                data.Add(Path.GetFileNameWithoutExtension(f));
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void ChunkSigner_DocumentationExample_MatchesChunkByChunk(string name)
    {
        var c = VectorCase.Get("AWS4-HMAC-SHA256", "sigv4-streaming-s3-docs/" + name);
        var s = c.Root.GetProperty("streaming");
        int chunkSize = s.GetProperty("chunkSize").GetInt32();
        byte[] body = Enumerable.Repeat((byte)s.GetProperty("bodyByte").GetString()![0], s.GetProperty("bodyLength").GetInt32()).ToArray();
        var signer = new SigV4Signer(c.Credentials, c.Region, c.Service, c.Options, keyCache: new SigningKeyCache());

        // Seed: the headers, signed with the streaming payload hash.
        var seed = signer.Sign(new HttpRequestView(c.Method, c.Path, c.Query, c.Headers) { PayloadHash = c.PayloadHash }, c.Timestamp);
        SigV4VectorTests.Step(name, "seed signature", s.GetProperty("seedSignature").GetString(), seed.Signature);

        // Chunks, chained; then the final empty chunk; then the trailer.
        var chunkSigner = signer.CreateChunkSigner(seed.Signature, c.Timestamp);
        var expected = s.GetProperty("chunkSignatures").EnumerateArray().Select(e => e.GetString()).ToList();
        var encoded = new MemoryStream();
        Span<byte> header = stackalloc byte[128];
        int index = 0;
        for (int offset = 0; offset < body.Length; offset += chunkSize, index++)
        {
            var chunk = body.AsSpan(offset, Math.Min(chunkSize, body.Length - offset));
            string sig = chunkSigner.SignChunk(chunk);
            SigV4VectorTests.Step(name, $"chunk {index + 1} signature", expected[index], sig);
            Assert.True(AwsChunkedEncoding.TryWriteChunkHeader(chunk.Length, Encoding.ASCII.GetBytes(sig), header, out int n));
            encoded.Write(header[..n]);
            encoded.Write(chunk);
            encoded.Write("\r\n"u8);
        }

        Assert.Equal(expected.Count, index);
        string final = chunkSigner.SignChunk([]);
        SigV4VectorTests.Step(name, "final chunk signature", s.GetProperty("finalChunkSignature").GetString(), final);
        Assert.True(AwsChunkedEncoding.TryWriteChunkHeader(0, Encoding.ASCII.GetBytes(final), header, out int fn));
        encoded.Write(header[..fn]);

        var trailers = s.GetProperty("trailers").EnumerateArray().Select(t => new HttpHeader(t[0].GetString()!, t[1].GetString()!)).ToArray();
        if (trailers.Length > 0)
        {
            string trailerSignature = chunkSigner.SignTrailer(trailers);
            SigV4VectorTests.Step(name, "trailer signature", s.GetProperty("trailerSignature").GetString(), trailerSignature);
            foreach (var t in trailers)
            {
                encoded.Write(Encoding.ASCII.GetBytes($"{t.Name}:{t.Value}\r\n"));
            }

            encoded.Write(Encoding.ASCII.GetBytes($"x-amz-trailer-signature:{trailerSignature}\r\n"));
        }

        encoded.Write("\r\n"u8);
        long announced = AwsChunkedEncoding.EncodedLength(body.Length, chunkSize, signedChunks: true, [.. trailers.Select(t => (t.Name, t.Value.Length))], signedTrailer: trailers.Length > 0);
        Assert.Equal(s.GetProperty("encodedBodyLength").GetInt64(), announced);
        Assert.Equal(announced, encoded.Length);
        Assert.Equal(s.GetProperty("encodedBodySha256").GetString(), Convert.ToHexString(SHA256.HashData(encoded.ToArray())).ToLowerInvariant());
    }
}
