using System.Globalization;
using System.Text;

namespace CorsKit.Origins;

/// <summary>
/// The URL Standard's host parser for special schemes (URL §3.5 "host parsing"), written by hand: System.Uri does not
/// follow the WHATWG rules (it rejects or keeps <c>0x7f.1</c>, keeps IPv6 as written, and does not apply UTS #46
/// case mapping in invariant-globalization mode).
/// </summary>
internal static class UrlHost
{
    private static readonly IdnMapping Idn = new() { AllowUnassigned = true, UseStd3AsciiRules = false };

    /// <summary>Parses <paramref name="input"/> (the authority's host part) into its serialized form.</summary>
    public static bool TryParse(string input, out string host, out string error)
    {
        host = "";
        if (input.Length == 0)
        {
            error = "the host is empty";
            return false;
        }

        // URL §3.5 step 1: "[" … "]" is an IPv6 address.
        if (input[0] == '[')
        {
            if (input[^1] != ']')
            {
                error = "an IPv6 host is missing its closing ']'";
                return false;
            }

            if (!TryParseIPv6(input.AsSpan(1, input.Length - 2), out var pieces))
            {
                error = $"'{input}' is not a valid IPv6 address";
                return false;
            }

            host = "[" + SerializeIPv6(pieces) + "]";
            error = "";
            return true;
        }

        // Step 4-5: percent-decode as UTF-8, then domain to ASCII.
        string domain;
        try
        {
            domain = PercentDecode(input);
        }
        catch (DecoderFallbackException)
        {
            error = "the host is not valid UTF-8 after percent-decoding";
            return false;
        }

        if (!TryDomainToAscii(domain, out var ascii, out error))
        {
            return false;
        }

        // URL §3.3 domain to ASCII step 3: an empty result is a failure (a host of only ignored code points such as
        // U+00AD soft hyphen or U+200B zero-width space).
        if (ascii.Length == 0)
        {
            error = "the host is empty once ignored characters (soft hyphen, zero-width space) are removed";
            return false;
        }

        // Step 7: forbidden domain code points.
        foreach (var c in ascii)
        {
            if (IsForbiddenDomainCodePoint(c))
            {
                error = $"the host contains the forbidden character {Describe(c)}";
                return false;
            }
        }

        // Step 8: a host that ends in a number is an IPv4 address (or invalid).
        if (EndsInANumber(ascii))
        {
            if (!TryParseIPv4(ascii, out var address))
            {
                error = $"'{ascii}' ends in a number but is not a valid IPv4 address";
                return false;
            }

            host = SerializeIPv4(address);
            error = "";
            return true;
        }

        host = ascii;
        error = "";
        return true;
    }

    internal static string Describe(char c) => c is >= ' ' and < (char)0x7F ? $"'{c}'" : $"U+{(int)c:X4}";

    private static string PercentDecode(string input)
    {
        if (!input.Contains('%'))
        {
            return input;
        }

        var bytes = new List<byte>(input.Length);
        var utf8 = Encoding.UTF8.GetBytes(input);
        for (var i = 0; i < utf8.Length; i++)
        {
            if (utf8[i] == '%' && i + 2 < utf8.Length && IsHex(utf8[i + 1]) && IsHex(utf8[i + 2]))
            {
                bytes.Add((byte)((HexValue(utf8[i + 1]) << 4) | HexValue(utf8[i + 2])));
                i += 2;
            }
            else
            {
                bytes.Add(utf8[i]);
            }
        }

        return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes.ToArray());
    }

    private static bool IsHex(byte b) => b is >= (byte)'0' and <= (byte)'9' or >= (byte)'a' and <= (byte)'f' or >= (byte)'A' and <= (byte)'F';

    private static int HexValue(byte b) => b <= '9' ? b - '0' : (b | 0x20) - 'a' + 10;

    /// <summary>
    /// URL §3.3 "domain to ASCII" with UTS #46 non-transitional processing, CheckHyphens=false, UseSTD3ASCIIRules=false,
    /// VerifyDnsLength=false. Invariant globalization has no Unicode normalisation tables, so we apply the parts of the
    /// UTS #46 mapping that matter for hosts by hand (full-width ASCII and the three alternative full stops, lowercase)
    /// and punycode each non-ASCII label with <see cref="IdnMapping"/>.
    /// </summary>
    internal static bool TryDomainToAscii(string domain, out string ascii, out string error)
    {
        var allAscii = true;
        foreach (var c in domain)
        {
            if (c > 0x7F)
            {
                allAscii = false;
                break;
            }
        }

        if (allAscii)
        {
            ascii = domain.ToLowerInvariant();
            error = "";
            return true;
        }

        var mapped = new StringBuilder(domain.Length);
        foreach (var c in domain)
        {
            mapped.Append(c switch
            {
                '\u3002' or '\uFF0E' or '\uFF61' => '.', // UTS #46 maps these full stops to '.'
                >= '\uFF01' and <= '\uFF5E' => (char)(c - 0xFEE0), // full-width ASCII → ASCII
                // UTS #46 "ignored" code points: soft hyphen, combining grapheme joiner, Mongolian free variation
                // selectors, ZWSP, word joiner and invisible operators, variation selectors, BOM (IdnaMappingTable.txt).
                '\u00AD' or '\u034F' or (>= '\u180B' and <= '\u180F') or '\u200B' or (>= '\u2060' and <= '\u2064')
                    or (>= '\uFE00' and <= '\uFE0F') or '\uFEFF' => '\0',
                _ => c,
            });
        }

        // UTS #46 maps no control, format (bidi marks and overrides, ZWNJ/ZWJ outside their CONTEXTJ contexts), line or
        // paragraph separator to a valid label character, and spaces map to U+0020, a forbidden host code point: the URL
        // parser fails on all of them (observed: Chromium 156 rejects U+0085, U+061C, U+200C, U+200E, U+202E, U+2028).
        foreach (var c in mapped.ToString())
        {
            if (c > 0x7F && c != '\0' && CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.Control or UnicodeCategory.Format
                or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator or UnicodeCategory.SpaceSeparator or UnicodeCategory.PrivateUse)
            {
                ascii = "";
                error = $"the host contains {Describe(c)}, which IDNA does not allow in a domain";
                return false;
            }
        }

        var labels = mapped.Replace("\0", "").ToString().ToLowerInvariant().Split('.');
        for (var i = 0; i < labels.Length; i++)
        {
            var label = labels[i];
            var labelAscii = true;
            foreach (var c in label)
            {
                if (c > 0x7F)
                {
                    labelAscii = false;
                    break;
                }
            }

            if (labelAscii)
            {
                continue;
            }

            try
            {
                labels[i] = Idn.GetAscii(label).ToLowerInvariant();
            }
            catch (ArgumentException)
            {
                ascii = "";
                error = $"the label '{label}' cannot be converted to punycode (IDNA)";
                return false;
            }
        }

        ascii = string.Join('.', labels);
        error = "";
        return true;
    }

    private static bool IsForbiddenDomainCodePoint(char c)
        => c <= 0x20 || c == 0x7F || c is '#' or '/' or ':' or '<' or '>' or '?' or '@' or '[' or '\\' or ']' or '^' or '|' or '%';

    /// <summary>URL §3.5 "ends in a number checker".</summary>
    private static bool EndsInANumber(string host)
    {
        var parts = host.Split('.');
        var count = parts.Length;
        if (parts[^1].Length == 0)
        {
            if (count == 1)
            {
                return false;
            }

            count--;
        }

        var last = parts[count - 1];
        if (last.Length > 0)
        {
            var digits = true;
            foreach (var c in last)
            {
                if (c is < '0' or > '9')
                {
                    digits = false;
                    break;
                }
            }

            if (digits)
            {
                return true;
            }
        }

        return TryParseIPv4Number(last, out _);
    }

    /// <summary>URL §3.5 "IPv4 parser".</summary>
    internal static bool TryParseIPv4(string input, out uint address)
    {
        address = 0;
        var parts = new List<string>(input.Split('.'));
        if (parts[^1].Length == 0 && parts.Count > 1)
        {
            parts.RemoveAt(parts.Count - 1);
        }

        if (parts.Count > 4)
        {
            return false;
        }

        var numbers = new ulong[parts.Count];
        for (var i = 0; i < parts.Count; i++)
        {
            if (!TryParseIPv4Number(parts[i], out numbers[i]))
            {
                return false;
            }
        }

        for (var i = 0; i < numbers.Length - 1; i++)
        {
            if (numbers[i] > 255)
            {
                return false;
            }
        }

        var limit = 1UL << (8 * (5 - numbers.Length));
        if (numbers[^1] >= limit)
        {
            return false;
        }

        ulong ipv4 = numbers[^1];
        for (var i = 0; i < numbers.Length - 1; i++)
        {
            ipv4 += numbers[i] << (8 * (3 - i));
        }

        address = (uint)ipv4;
        return true;
    }

    /// <summary>URL §3.5 "IPv4 number parser": decimal, <c>0x</c> hex, or leading-zero octal.</summary>
    private static bool TryParseIPv4Number(string input, out ulong value)
    {
        value = 0;
        if (input.Length == 0)
        {
            return false;
        }

        var radix = 10;
        var span = input.AsSpan();
        if (span.Length >= 2 && span[0] == '0' && (span[1] == 'x' || span[1] == 'X'))
        {
            radix = 16;
            span = span[2..];
        }
        else if (span.Length >= 2 && span[0] == '0')
        {
            radix = 8;
            span = span[1..];
        }

        if (span.Length == 0)
        {
            return true;
        }

        foreach (var c in span)
        {
            int digit = c switch
            {
                >= '0' and <= '9' => c - '0',
                >= 'a' and <= 'f' => c - 'a' + 10,
                >= 'A' and <= 'F' => c - 'A' + 10,
                _ => 99,
            };
            if (digit >= radix)
            {
                return false;
            }

            // Saturate: anything above 2^32 already fails the caller's range check.
            value = value > uint.MaxValue ? value : (value * (ulong)radix) + (ulong)digit;
        }

        return true;
    }

    internal static string SerializeIPv4(uint address)
        => string.Create(CultureInfo.InvariantCulture, $"{address >> 24}.{(address >> 16) & 0xFF}.{(address >> 8) & 0xFF}.{address & 0xFF}");

    /// <summary>URL §3.5 "IPv6 parser".</summary>
    internal static bool TryParseIPv6(ReadOnlySpan<char> input, out ushort[] address)
    {
        return TryParseIPv6(input.ToString(), out address);
    }

    private static bool TryParseIPv6(string input, out ushort[] address)
    {
        char At(int i) => i < input.Length ? input[i] : '\0';
        address = new ushort[8];
        var pieceIndex = 0;
        int? compress = null;
        var p = 0;

        if (At(p) == ':')
        {
            if (At(p + 1) != ':')
            {
                return false;
            }

            p += 2;
            pieceIndex++;
            compress = pieceIndex;
        }

        while (p < input.Length)
        {
            if (pieceIndex == 8)
            {
                return false;
            }

            if (input[p] == ':')
            {
                if (compress is not null)
                {
                    return false;
                }

                p++;
                pieceIndex++;
                compress = pieceIndex;
                continue;
            }

            int value = 0, length = 0;
            while (length < 4 && p < input.Length && Uri.IsHexDigit(input[p]))
            {
                value = (value * 0x10) + HexValue((byte)input[p]);
                p++;
                length++;
            }

            if (At(p) == '.' && p < input.Length)
            {
                // Embedded IPv4 (::ffff:1.2.3.4).
                if (length == 0)
                {
                    return false;
                }

                p -= length;
                if (pieceIndex > 6)
                {
                    return false;
                }

                var numbersSeen = 0;
                while (p < input.Length)
                {
                    int? ipv4Piece = null;
                    if (numbersSeen > 0)
                    {
                        if (input[p] == '.' && numbersSeen < 4)
                        {
                            p++;
                        }
                        else
                        {
                            return false;
                        }
                    }

                    if (p >= input.Length || !char.IsAsciiDigit(input[p]))
                    {
                        return false;
                    }

                    while (p < input.Length && char.IsAsciiDigit(input[p]))
                    {
                        var number = input[p] - '0';
                        if (ipv4Piece is null)
                        {
                            ipv4Piece = number;
                        }
                        else if (ipv4Piece == 0)
                        {
                            return false;
                        }
                        else
                        {
                            ipv4Piece = (ipv4Piece * 10) + number;
                        }

                        if (ipv4Piece > 255)
                        {
                            return false;
                        }

                        p++;
                    }

                    address[pieceIndex] = (ushort)((address[pieceIndex] * 0x100) + ipv4Piece!.Value);
                    numbersSeen++;
                    if (numbersSeen is 2 or 4)
                    {
                        pieceIndex++;
                    }
                }

                if (numbersSeen != 4)
                {
                    return false;
                }

                break;
            }
            else if (At(p) == ':' && p < input.Length)
            {
                p++;
                if (p >= input.Length)
                {
                    return false;
                }
            }
            else if (p < input.Length)
            {
                return false;
            }

            address[pieceIndex] = (ushort)value;
            pieceIndex++;
        }

        if (compress is not null)
        {
            var swaps = pieceIndex - compress.Value;
            pieceIndex = 7;
            while (pieceIndex != 0 && swaps > 0)
            {
                var other = compress.Value + swaps - 1;
                (address[pieceIndex], address[other]) = (address[other], address[pieceIndex]);
                pieceIndex--;
                swaps--;
            }
        }
        else if (pieceIndex != 8)
        {
            return false;
        }

        return true;
    }

    /// <summary>URL §3.6 "IPv6 serializer" (RFC 5952 compression of the first longest run of two or more zeros).</summary>
    internal static string SerializeIPv6(ushort[] address)
    {
        int bestStart = -1, bestLength = 1;
        for (var i = 0; i < 8;)
        {
            if (address[i] != 0)
            {
                i++;
                continue;
            }

            var start = i;
            while (i < 8 && address[i] == 0)
            {
                i++;
            }

            if (i - start > bestLength)
            {
                bestStart = start;
                bestLength = i - start;
            }
        }

        var sb = new StringBuilder(39);
        var ignore0 = false;
        for (var i = 0; i < 8; i++)
        {
            if (ignore0 && address[i] == 0)
            {
                continue;
            }

            ignore0 = false;
            if (i == bestStart)
            {
                sb.Append(i == 0 ? "::" : ":");
                ignore0 = true;
                continue;
            }

            sb.Append(address[i].ToString("x", CultureInfo.InvariantCulture));
            if (i != 7)
            {
                sb.Append(':');
            }
        }

        return sb.ToString();
    }
}
