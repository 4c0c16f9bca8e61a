namespace CorsKit.Fetch;

/// <summary>Fetch §2.2.2 "parse a single range header value" with allowWhitespace false (the safelist's form).</summary>
internal static class RangeHeader
{
    /// <summary>
    /// Parses <c>bytes=start-end</c>, <c>bytes=start-</c> or <c>bytes=-suffix</c>; false on any other text. A number
    /// that does not fit in 64 bits fails, as it does in Chromium's <c>HttpUtil::ParseRangeHeader</c> (WPT's
    /// 60-digit row expects a preflight).
    /// </summary>
    public static bool TryParse(ReadOnlySpan<char> value, out long? start, out long? end)
    {
        start = null;
        end = null;
        if (value.Length < 6 || !value[..5].Equals("bytes", StringComparison.OrdinalIgnoreCase) || value[5] != '=')
        {
            return false;
        }

        var p = 6;
        if (!TryCollectDigits(value, ref p, out start) || p >= value.Length || value[p] != '-')
        {
            return false;
        }

        p++;
        if (!TryCollectDigits(value, ref p, out end) || p != value.Length)
        {
            return false;
        }

        if (start is null && end is null)
        {
            return false;
        }

        return start is null || end is null || start <= end;
    }

    private static bool TryCollectDigits(ReadOnlySpan<char> value, ref int p, out long? number)
    {
        number = null;
        long n = 0;
        var any = false;
        while (p < value.Length && char.IsAsciiDigit(value[p]))
        {
            if (n > (long.MaxValue - 9) / 10)
            {
                return false; // overflow
            }

            n = (n * 10) + (value[p] - '0');
            any = true;
            p++;
        }

        if (any)
        {
            number = n;
        }

        return true;
    }
}
