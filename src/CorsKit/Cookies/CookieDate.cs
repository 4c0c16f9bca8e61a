namespace CorsKit.Cookies;

/// <summary>RFC 6265bis §5.1.1 "Dates": the lenient cookie-date algorithm every browser uses for <c>Expires</c>.</summary>
internal static class CookieDate
{
    private static readonly string[] Months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

    public static bool TryParse(string text, out DateTimeOffset date)
    {
        date = default;
        int? hour = null, minute = null, second = null, day = null, month = null, year = null;
        foreach (var token in Tokens(text))
        {
            // Step 2: each production is tried in this order, and each is taken at most once.
            if (hour is null && TryTime(token, out var h, out var m, out var s))
            {
                (hour, minute, second) = (h, m, s);
            }
            else if (day is null && TryDigits(token, 1, 2, out var d))
            {
                day = d;
            }
            else if (month is null && TryMonth(token, out var mo))
            {
                month = mo;
            }
            else if (year is null && TryDigits(token, 2, 4, out var y))
            {
                year = y;
            }
        }

        // Steps 3-5: two-digit years; every part present and in range.
        if (year is >= 70 and <= 99)
        {
            year += 1900;
        }
        else if (year is >= 0 and <= 69)
        {
            year += 2000;
        }

        if (hour is null || day is null || month is null || year is null || day < 1 || day > 31 || year < 1601
            || hour > 23 || minute > 59 || second > 59 || day > DateTime.DaysInMonth(year.Value, month.Value))
        {
            return false; // Step 6: a date that does not exist (Feb 30) fails too.
        }

        date = new DateTimeOffset(year.Value, month.Value, day.Value, hour.Value, minute!.Value, second!.Value, TimeSpan.Zero);
        return true;
    }

    // delimiter = %x09 / %x20-2F / %x3B-40 / %x5B-60 / %x7B-7E; tokens are the runs of anything else.
    private static IEnumerable<string> Tokens(string text)
    {
        var start = -1;
        for (var i = 0; i <= text.Length; i++)
        {
            var delimiter = i == text.Length || IsDelimiter(text[i]);
            if (!delimiter && start < 0)
            {
                start = i;
            }
            else if (delimiter && start >= 0)
            {
                yield return text[start..i];
                start = -1;
            }
        }
    }

    private static bool IsDelimiter(char c) => c == '\t' || c is >= ' ' and <= '/' || c is >= ';' and <= '@' || c is >= '[' and <= '`' || c is >= '{' and <= '~';

    // time = hms-time [ non-digit *OCTET ]; hms-time = time-field ":" time-field ":" time-field; time-field = 1*2DIGIT.
    private static bool TryTime(string token, out int hour, out int minute, out int second)
    {
        hour = minute = second = 0;
        var i = 0;
        return Field(token, ref i, out hour) && Colon(token, ref i) && Field(token, ref i, out minute) && Colon(token, ref i)
            && Field(token, ref i, out second) && (i == token.Length || !char.IsAsciiDigit(token[i]));
    }

    private static bool Field(string token, ref int i, out int value)
    {
        value = 0;
        var start = i;
        while (i < token.Length && i - start < 2 && char.IsAsciiDigit(token[i]))
        {
            value = value * 10 + (token[i] - '0');
            i++;
        }

        return i > start;
    }

    private static bool Colon(string token, ref int i)
    {
        if (i < token.Length && token[i] == ':')
        {
            i++;
            return true;
        }

        return false;
    }

    // day-of-month = 1*2DIGIT [ non-digit *OCTET ]; year = 2*4DIGIT [ non-digit *OCTET ].
    private static bool TryDigits(string token, int min, int max, out int value)
    {
        value = 0;
        var i = 0;
        while (i < token.Length && char.IsAsciiDigit(token[i]))
        {
            if (i == max)
            {
                return false;
            }

            value = value * 10 + (token[i] - '0');
            i++;
        }

        return i >= min;
    }

    // month = ( "jan" / … / "dec" ) *OCTET, case-insensitive.
    private static bool TryMonth(string token, out int month)
    {
        month = 0;
        if (token.Length < 3)
        {
            return false;
        }

        var index = Array.IndexOf(Months, token[..3].ToLowerInvariant());
        month = index + 1;
        return index >= 0;
    }
}
