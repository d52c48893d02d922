using System.Security.Cryptography;
using System.Text;
using Signing.Streaming;
using Signing.Tests.Vectors;

namespace Signing.Tests.Streaming;

/// <summary>
/// SigV4a aws-chunked bodies: the aws-c-auth examples (tests/test_chunked_signing.c) checked seed,
/// chunk by chunk and trailer against the published string-to-sign shapes and public key, and a
/// body encoded by <see cref="HttpRequestSigner"/> decoded and verified signature by signature.
/// </summary>
public class SigV4aStreamingTests
{
    private const string Set = "sigv4a-streaming-aws-c-auth/";

    public static TheoryData<string> Cases => ["put-object-chunked", "put-object-chunked-trailer"];

    [Theory]
    [MemberData(nameof(Cases))]
    public void SigV4aChunkSigner_AwsCAuthExample_EverySignatureVerifies(string name)
    {
        var c = VectorCase.Get(SigV4aVectorTests.Algorithm, Set + name);
        var s = c.Root.GetProperty("streaming");
        var key = SigV4aVectorTests.PublicKey(c)!.Value;
        int chunkSize = s.GetProperty("chunkSize").GetInt32();
        byte[] body = Enumerable.Repeat((byte)s.GetProperty("bodyByte").GetString()![0], s.GetProperty("bodyLength").GetInt32()).ToArray();
        var signer = SigV4aVectorTests.Signer(c);

        // Seed: the headers, signed with the streaming payload hash (canonical request as published).
        var view = new HttpRequestView(c.Method, c.Path, c.Query, c.Headers) { PayloadHash = c.PayloadHash };
        var explained = signer.Explain(view, c.Timestamp);
        SigV4VectorTests.Step(name, "canonical request", VectorCase.Str(c.Header!.Value, "canonicalRequest"), explained.CanonicalRequest);
        var seed = signer.Sign(view, c.Timestamp);
        Assert.True(SigV4aVectorTests.Verify(key, explained.StringToSign, seed.Signature), "seed signature");

        // Chunks, chained from the seed: each string to sign is the published prefix, the previous
        // signature (unpadded) and the published suffix (empty hash and the chunk's hash).
        var chunkSigner = signer.CreateChunkSigner(seed.Signature, c.Timestamp);
        string prefix = s.GetProperty("chunkStringToSignPrefix").GetString()!;
        var suffixes = s.GetProperty("chunkStringToSignSuffixes").EnumerateArray().Select(e => e.GetString()!).ToList();
        string previous = seed.Signature;
        int index = 0;
        for (int offset = 0; offset <= body.Length; offset += chunkSize, index++)
        {
            var chunk = body.AsSpan(offset, Math.Min(chunkSize, body.Length - offset));
            string sent = chunkSigner.SignChunk(chunk);
            Assert.Equal(SigV4aChunkSigner.SignatureLength, sent.Length);
            string signature = sent.TrimEnd('*');
            Assert.Equal(signature, chunkSigner.PreviousSignature);
            Assert.True(SigV4aVectorTests.Verify(key, prefix + previous + suffixes[index], signature), $"{name}: chunk {index + 1}");
            previous = signature;
            if (chunk.IsEmpty)
            {
                break;
            }
        }

        Assert.Equal(suffixes.Count, index + 1); // 65536, 1024, then the final empty chunk

        if (s.TryGetProperty("trailers", out var t))
        {
            var trailers = t.EnumerateArray().Select(e => new HttpHeader(e[0].GetString()!, e[1].GetString()!)).ToArray();
            string sts = s.GetProperty("trailerStringToSignPrefix").GetString() + previous + s.GetProperty("trailerStringToSignSuffix").GetString();
            Assert.True(SigV4aVectorTests.Verify(key, sts, chunkSigner.SignTrailer(trailers)), $"{name}: trailer");
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task HttpRequestSigner_SigV4aStreaming_BodyDecodesAndEverySignatureVerifies(bool trailer)
    {
        var credentials = new AwsCredentials("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");
        var v4a = new SigV4aSigner(credentials, "s3", ["us-east-1", "us-west-2"], keyCache: new SigningKeyCache());
        var signer = new HttpRequestSigner(v4a);
        byte[] body = RandomNumberGenerator.GetBytes((2 * Payload.MinimumChunkSize) + 100);
        using var request = new HttpRequestMessage(HttpMethod.Put, "https://mrap.accesspoint.s3-global.amazonaws.com/key")
        {
            Content = new ByteArrayContent(body),
        };
        var time = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);
        var signed = await signer.SignAsync(request, Payload.Streaming(trailer ? Signing.Checksums.ChecksumAlgorithm.Crc32C : null, Payload.MinimumChunkSize), time);

        string payloadHash = trailer ? "STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD-TRAILER" : "STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD";
        Assert.Equal(payloadHash, request.Headers.GetValues("x-amz-content-sha256").Single());
        Assert.Equal("us-east-1,us-west-2", request.Headers.GetValues("X-Amz-Region-Set").Single());
        var explanation = signed.Explain();
        Assert.EndsWith("\n" + payloadHash, explanation.CanonicalRequest, StringComparison.Ordinal);
        Assert.Contains("\nx-amz-region-set:us-east-1,us-west-2\n", explanation.CanonicalRequest, StringComparison.Ordinal);

        using var key = SigV4aSigningKey.Create(credentials);
        var publicKey = key.ExportPublicKey();
        Assert.True(SigV4aVectorTests.Verify(publicKey, explanation.StringToSign, signed.Signature), "seed");

        byte[] encoded = await request.Content!.ReadAsByteArrayAsync();
        Assert.Equal(request.Content.Headers.ContentLength, encoded.Length);
        string scope = "20260102/s3/aws4_request";
        var decoded = Decode(encoded, publicKey, $"AWS4-ECDSA-P256-SHA256-PAYLOAD\n20260102T030405Z\n{scope}\n", $"AWS4-ECDSA-P256-SHA256-TRAILER\n20260102T030405Z\n{scope}\n", signed.Signature, out int trailerLines);
        Assert.Equal(body, decoded);
        Assert.Equal(trailer ? 1 : 0, trailerLines);
    }

    /// <summary>Decodes a SigV4a aws-chunked body, verifying every chunk and the trailer signature from the seed on.</summary>
    private static byte[] Decode(byte[] encoded, System.Security.Cryptography.ECParameters key, string chunkPrefix, string trailerPrefix, string seed, out int trailerLines)
    {
        string text = Encoding.Latin1.GetString(encoded);
        var body = new MemoryStream();
        string previous = seed;
        int i = 0;
        while (true)
        {
            int eol = text.IndexOf("\r\n", i, StringComparison.Ordinal);
            string[] header = text[i..eol].Split(";chunk-signature=");
            Assert.Equal(2, header.Length);
            Assert.Equal(SigV4aChunkSigner.SignatureLength, header[1].Length);
            int size = Convert.ToInt32(header[0], 16);
            i = eol + 2;
            string hash = Convert.ToHexString(SHA256.HashData(encoded.AsSpan(i, size))).ToLowerInvariant();
            string signature = header[1].TrimEnd('*');
            Assert.True(SigV4aVectorTests.Verify(key, $"{chunkPrefix}{previous}\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\n{hash}", signature), $"chunk at {i}");
            previous = signature;
            if (size == 0)
            {
                break;
            }

            body.Write(encoded, i, size);
            i += size + 2;
        }

        trailerLines = 0;
        var lines = new StringBuilder();
        while (true)
        {
            int eol = text.IndexOf("\r\n", i, StringComparison.Ordinal);
            string line = text[i..eol];
            i = eol + 2;
            if (line.Length == 0)
            {
                break;
            }

            if (line.StartsWith("x-amz-trailer-signature:", StringComparison.Ordinal))
            {
                string hash = Convert.ToHexString(SHA256.HashData(Encoding.ASCII.GetBytes(lines.ToString()))).ToLowerInvariant();
                Assert.True(SigV4aVectorTests.Verify(key, $"{trailerPrefix}{previous}\n{hash}", line["x-amz-trailer-signature:".Length..]), "trailer");
            }
            else
            {
                lines.Append(line).Append('\n');
                trailerLines++;
            }
        }

        Assert.Equal(encoded.Length, i);
        return body.ToArray();
    }
}
