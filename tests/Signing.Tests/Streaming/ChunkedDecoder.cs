using System.Text;
using Signing.Streaming;

namespace Signing.Tests.Streaming;

/// <summary>
/// A server-side aws-chunked decoder written from the format description, for tests: it returns
/// the decoded body and trailers and, given a chunk signer made from the same seed, checks every
/// chunk and trailer signature in order.
/// </summary>
internal static class ChunkedDecoder
{
    public static (byte[] Body, List<HttpHeader> Trailers) Decode(byte[] encoded, ChunkSigner? verifier)
    {
        var body = new MemoryStream();
        var trailers = new List<HttpHeader>();
        int i = 0;
        while (true)
        {
            string header = ReadLine(encoded, ref i);
            string[] parts = header.Split(";chunk-signature=");
            int size = Convert.ToInt32(parts[0], 16);
            if (verifier is not null)
            {
                string expected = verifier.SignChunk(encoded.AsSpan(i, size));
                if (parts.Length != 2 || parts[1] != expected)
                {
                    throw new InvalidDataException($"chunk at {i}: signature {(parts.Length > 1 ? parts[1] : "(none)")} != {expected}");
                }
            }
            else if (parts.Length != 1)
            {
                throw new InvalidDataException("unsigned chunk carries a signature");
            }

            if (size == 0)
            {
                break;
            }

            body.Write(encoded, i, size);
            i += size;
            if (ReadLine(encoded, ref i).Length != 0)
            {
                throw new InvalidDataException("chunk data not followed by CRLF");
            }
        }

        while (true)
        {
            string line = ReadLine(encoded, ref i);
            if (line.Length == 0)
            {
                break;
            }

            int colon = line.IndexOf(':', StringComparison.Ordinal);
            var trailer = new HttpHeader(line[..colon], line[(colon + 1)..]);
            if (trailer.Name == "x-amz-trailer-signature")
            {
                string expected = verifier!.SignTrailer([.. trailers]);
                if (trailer.Value != expected)
                {
                    throw new InvalidDataException($"trailer signature {trailer.Value} != {expected}");
                }
            }
            else
            {
                trailers.Add(trailer);
            }
        }

        if (i != encoded.Length)
        {
            throw new InvalidDataException($"{encoded.Length - i} bytes after the closing CRLF");
        }

        return (body.ToArray(), trailers);
    }

    private static string ReadLine(byte[] data, ref int i)
    {
        int end = data.AsSpan(i).IndexOf("\r\n"u8);
        if (end < 0)
        {
            throw new InvalidDataException($"no CRLF after {i}");
        }

        string line = Encoding.ASCII.GetString(data, i, end);
        i += end + 2;
        return line;
    }
}
