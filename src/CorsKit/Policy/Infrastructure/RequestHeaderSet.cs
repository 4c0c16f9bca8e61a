using System.Collections.Frozen;

namespace CorsKit.Policy.Infrastructure;

/// <summary>Outcome of checking <c>Access-Control-Request-Headers</c>.</summary>
internal enum HeaderCheck
{
    /// <summary>No names were requested (absent, empty, or only empty elements).</summary>
    None,
    /// <summary>Every requested name is allowed.</summary>
    Allowed,
    /// <summary>A requested name is not allowed; its position is reported.</summary>
    NotAllowed,
    /// <summary>An element is not a token (Fetch: browsers only send tokens).</summary>
    Malformed,
    /// <summary>The value exceeds <see cref="CorsLimits"/>.</summary>
    TooLarge,
}

/// <summary>
/// The request-header names a policy allows, checked against one or more <c>Access-Control-Request-Headers</c>
/// lines read as one comma-separated list (RFC 9110 §5.3: lines of a list field combine with commas). Work is bounded
/// by <see cref="CorsLimits"/> whatever the input, and nothing is allocated.
/// </summary>
internal sealed class RequestHeaderSet
{
    private readonly FrozenSet<string> _names;
    private readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> _lookup;
    private readonly bool _any;

    public RequestHeaderSet(IEnumerable<string> names, bool any)
    {
        _names = names.ToFrozenSet(StringComparer.OrdinalIgnoreCase);
        _lookup = _names.GetAlternateLookup<ReadOnlySpan<char>>();
        _any = any;
    }

    /// <summary>True when nothing can ever be requested (no names and no <c>*</c>).</summary>
    public bool IsEmpty => !_any && _names.Count == 0;

    private bool IsAllowed(ReadOnlySpan<char> name) =>
        _lookup.Contains(name)
        // Fetch §4.8 "CORS-preflight fetch" step 7.6: '*' never covers Authorization; it must be listed by name.
        || (_any && !name.Equals("authorization", StringComparison.OrdinalIgnoreCase));

    /// <summary>Checks the lines; on <see cref="HeaderCheck.NotAllowed"/> or <see cref="HeaderCheck.Malformed"/>,
    /// <paramref name="line"/> and <paramref name="offending"/> locate the element.</summary>
    public HeaderCheck Check(ReadOnlySpan<string?> lines, out int line, out Range offending)
    {
        line = 0;
        offending = default;
        if (lines.Length > CorsLimits.MaxRequestHeadersLines)
        {
            return HeaderCheck.TooLarge;
        }
        int total = 0, commas = 0;
        foreach (var l in lines)
        {
            total += l?.Length ?? 0;
            if (total > CorsLimits.MaxRequestHeadersLength)
            {
                return HeaderCheck.TooLarge;
            }
            commas += l.AsSpan().Count(','); // vectorized; rejects comma floods before any element is looked at
        }
        if (commas >= CorsLimits.MaxRequestHeaderNames + CorsLimits.MaxEmptyElements)
        {
            return HeaderCheck.TooLarge;
        }

        int names = 0, empties = 0;
        for (var i = 0; i < lines.Length; i++)
        {
            var value = lines[i].AsSpan();
            var start = 0;
            while (start <= value.Length)
            {
                var comma = value[start..].IndexOf(',');
                var end = comma < 0 ? value.Length : start + comma;
                var element = value[start..end];
                var trimmed = HttpToken.TrimOws(element);
                if (trimmed.IsEmpty)
                {
                    // Empty elements are tolerated (RFC 9110 §5.6.1.2) but bounded.
                    if (++empties > CorsLimits.MaxEmptyElements && value.Length > 0)
                    {
                        return HeaderCheck.TooLarge;
                    }
                }
                else
                {
                    if (++names > CorsLimits.MaxRequestHeaderNames)
                    {
                        return HeaderCheck.TooLarge;
                    }
                    var lead = element.Length - element.TrimStart(" \t").Length;
                    if (!HttpToken.IsToken(trimmed))
                    {
                        line = i;
                        offending = new Range(start + lead, start + lead + trimmed.Length);
                        return HeaderCheck.Malformed;
                    }
                    if (!IsAllowed(trimmed))
                    {
                        line = i;
                        offending = new Range(start + lead, start + lead + trimmed.Length);
                        return HeaderCheck.NotAllowed;
                    }
                }
                if (comma < 0)
                {
                    break;
                }
                start = end + 1;
            }
        }
        return names == 0 ? HeaderCheck.None : HeaderCheck.Allowed;
    }
}
