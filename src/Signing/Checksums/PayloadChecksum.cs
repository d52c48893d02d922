using System;
using System.Buffers;
using System.Buffers.Binary;
using System.Buffers.Text;
using System.Security.Cryptography;

namespace Signing.Checksums;

/// <summary>
/// Incremental checksum of a payload for any <see cref="ChecksumAlgorithm"/>, producing the
/// base64 value S3 expects in <c>x-amz-checksum-*</c> headers and aws-chunked trailers.
/// </summary>
/// <remarks>
/// Create one per payload, <see cref="Append"/> the bytes in any pieces (no allocation per call),
/// then read the value with <see cref="TryWriteBase64(Span{char}, out int)"/> or
/// <see cref="GetBase64"/>. Reading does not reset; <see cref="Reset"/> starts a new payload.
/// Instances are not thread-safe. SHA-1 and SHA-256 use <see cref="IncrementalHash"/>, so
/// dispose the instance when done.
/// </remarks>
public sealed partial class PayloadChecksum : IDisposable
{
    /// <summary>Largest raw checksum (SHA-256).</summary>
    private const int MaxByteLength = 32;

    private readonly IncrementalHash? _hash;
    private ulong _state;
    private bool _disposed;

    private PayloadChecksum(ChecksumAlgorithm algorithm)
    {
        Algorithm = algorithm;
        _hash = algorithm switch
        {
            // SHA-1 is one of S3's checksum algorithms; it is an integrity check here, not security.
            ChecksumAlgorithm.Sha1 => IncrementalHash.CreateHash(HashAlgorithmName.SHA1),
            ChecksumAlgorithm.Sha256 => IncrementalHash.CreateHash(HashAlgorithmName.SHA256),
            _ => null,
        };
        _state = InitialState(algorithm);
    }

    /// <summary>The algorithm this instance computes.</summary>
    public ChecksumAlgorithm Algorithm { get; }

    /// <summary>Starts a checksum of an empty payload.</summary>
    /// <param name="algorithm">The algorithm to compute.</param>
    /// <returns>A new instance; dispose it when done.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="algorithm"/> is not a defined value.</exception>
    public static PayloadChecksum Create(ChecksumAlgorithm algorithm)
    {
        Index(algorithm);
        return new PayloadChecksum(algorithm);
    }

    /// <summary>Adds the next bytes of the payload. Does not allocate.</summary>
    /// <param name="data">The next bytes; may be empty.</param>
    /// <exception cref="ObjectDisposedException">The instance was disposed.</exception>
    public void Append(ReadOnlySpan<byte> data)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_hash is null)
        {
            _state = UpdateCrc(Algorithm, _state, data);
        }
        else
        {
            _hash.AppendData(data);
        }
    }

    /// <summary>
    /// Writes the raw checksum of the bytes appended so far: the big-endian CRC or the digest
    /// (<see cref="ByteLength"/> bytes). S3 composite (multipart) checksums hash these bytes.
    /// </summary>
    /// <param name="destination">Receives the checksum.</param>
    /// <param name="bytesWritten">The number of bytes written, or 0 if <paramref name="destination"/> is too small.</param>
    /// <returns><see langword="false"/> if <paramref name="destination"/> is shorter than <see cref="ByteLength"/>.</returns>
    /// <exception cref="ObjectDisposedException">The instance was disposed.</exception>
    public bool TryWriteChecksum(Span<byte> destination, out int bytesWritten)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (destination.Length < ByteLength(Algorithm))
        {
            bytesWritten = 0;
            return false;
        }

        bytesWritten = WriteRaw(destination);
        return true;
    }

    /// <summary>Writes the base64 checksum of the bytes appended so far, as S3 expects it.</summary>
    /// <param name="destination">Receives <see cref="Base64Length"/> characters.</param>
    /// <param name="charsWritten">The number of characters written, or 0 if <paramref name="destination"/> is too small.</param>
    /// <returns><see langword="false"/> if <paramref name="destination"/> is shorter than <see cref="Base64Length"/>.</returns>
    /// <exception cref="ObjectDisposedException">The instance was disposed.</exception>
    public bool TryWriteBase64(Span<char> destination, out int charsWritten)
    {
        return Convert.TryToBase64Chars(Current(stackalloc byte[MaxByteLength]), destination, out charsWritten);
    }

    /// <summary>
    /// Writes the base64 checksum of the bytes appended so far as ASCII (UTF-8) bytes, for
    /// writing a header or trailer straight into a byte buffer.
    /// </summary>
    /// <param name="utf8Destination">Receives <see cref="Base64Length"/> bytes.</param>
    /// <param name="bytesWritten">The number of bytes written, or 0 if <paramref name="utf8Destination"/> is too small.</param>
    /// <returns><see langword="false"/> if <paramref name="utf8Destination"/> is shorter than <see cref="Base64Length"/>.</returns>
    /// <exception cref="ObjectDisposedException">The instance was disposed.</exception>
    public bool TryWriteBase64(Span<byte> utf8Destination, out int bytesWritten)
    {
        if (Base64.EncodeToUtf8(Current(stackalloc byte[MaxByteLength]), utf8Destination, out _, out bytesWritten) != OperationStatus.Done)
        {
            bytesWritten = 0;
            return false;
        }

        return true;
    }

    /// <summary>Returns the base64 checksum of the bytes appended so far (allocates the string).</summary>
    /// <returns>The value for the <c>x-amz-checksum-*</c> header or trailer, e.g. <c>sOO8/Q==</c>.</returns>
    /// <exception cref="ObjectDisposedException">The instance was disposed.</exception>
    public string GetBase64()
    {
        return Convert.ToBase64String(Current(stackalloc byte[MaxByteLength]));
    }

    /// <summary>Forgets all appended bytes, so the instance can checksum another payload.</summary>
    /// <exception cref="ObjectDisposedException">The instance was disposed.</exception>
    public void Reset()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _state = InitialState(Algorithm);
        if (_hash is not null)
        {
            // IncrementalHash has no Reset(); taking the hash with reset is the supported way.
            Span<byte> discard = stackalloc byte[MaxByteLength];
            _hash.TryGetHashAndReset(discard, out _);
        }
    }

    /// <summary>Releases the hash object used for SHA-1/SHA-256. Safe to call more than once.</summary>
    public void Dispose()
    {
        _disposed = true;
        _hash?.Dispose();
    }

    private static ulong InitialState(ChecksumAlgorithm algorithm) =>
        algorithm == ChecksumAlgorithm.Crc64Nvme ? ulong.MaxValue : uint.MaxValue;

    /// <summary>The raw checksum of the bytes appended so far, written into <paramref name="buffer"/> (<see cref="MaxByteLength"/> bytes).</summary>
    private ReadOnlySpan<byte> Current(Span<byte> buffer)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return buffer.Slice(0, WriteRaw(buffer));
    }

    /// <summary>Writes the raw checksum into a buffer of at least <see cref="MaxByteLength"/> or
    /// <see cref="ByteLength"/> bytes and returns its length.</summary>
    private int WriteRaw(Span<byte> destination)
    {
        if (_hash is null)
        {
            return WriteCrc(Algorithm, _state, destination);
        }

        _hash.TryGetCurrentHash(destination, out int written);
        return written;
    }

    /// <summary>Advances the raw register of a CRC (not SHA-1 or SHA-256).</summary>
    private static ulong UpdateCrc(ChecksumAlgorithm algorithm, ulong state, ReadOnlySpan<byte> data) => algorithm switch
    {
        ChecksumAlgorithm.Crc32 => Crc32.Update((uint)state, data),
        ChecksumAlgorithm.Crc32C => Crc32C.Update((uint)state, data),
        _ => Crc64Nvme.Update(state, data),
    };

    /// <summary>Writes the big-endian CRC of a raw register (final XOR applied) and returns its length.</summary>
    private static int WriteCrc(ChecksumAlgorithm algorithm, ulong state, Span<byte> destination)
    {
        if (algorithm == ChecksumAlgorithm.Crc64Nvme)
        {
            BinaryPrimitives.WriteUInt64BigEndian(destination, ~state);
            return 8;
        }

        BinaryPrimitives.WriteUInt32BigEndian(destination, ~(uint)state);
        return 4;
    }
}
