using System;
using System.Text;

namespace Signing.Tests.Checksums;

/// <summary>Builds test payloads from short readable descriptions used in InlineData.</summary>
internal static class TestInputs
{
    /// <summary>
    /// "ascii:TEXT" (the ASCII bytes of TEXT), "zeros:N", "ones:N" (0xFF), "inc:N" (0x00, 0x01, ...
    /// wrapping after 0xFF), "dec:N" (0xFF, 0xFE, ... wrapping, or from 0x1F down for dec32:N),
    /// "a:N" (N bytes of 'a').
    /// </summary>
    internal static byte[] Build(string description)
    {
        int colon = description.IndexOf(':', StringComparison.Ordinal);
        string kind = description.Substring(0, colon);
        string argument = description.Substring(colon + 1);
        if (kind == "ascii")
        {
            return Encoding.ASCII.GetBytes(argument);
        }

        var data = new byte[int.Parse(argument, System.Globalization.CultureInfo.InvariantCulture)];
        for (int i = 0; i < data.Length; i++)
        {
            data[i] = kind switch
            {
                "zeros" => 0,
                "ones" => 0xFF,
                "inc" => (byte)i,
                "dec" => (byte)(0xFF - i),
                "dec32" => (byte)(0x1F - i),
                "a" => (byte)'a',
                _ => throw new ArgumentException($"Unknown input kind '{kind}'.", nameof(description)),
            };
        }

        return data;
    }
}
