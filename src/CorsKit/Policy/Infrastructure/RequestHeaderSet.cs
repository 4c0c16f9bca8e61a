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
    // Up to this many names, a length-filtered linear scan beats hashing the requested name.
    private const int LinearScanLimit = 8;

    private readonly FrozenSet<string> _names;
    private readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> _lookup;
    private readonly string[]? _few;
    private readonly bool _any;

    public RequestHeaderSet(IEnumerable<string> names, bool any)
    {
        _names = names.ToFrozenSet(StringComparer.OrdinalIgnoreCase);
        _lookup = _names.GetAlternateLookup<ReadOnlySpan<char>>();
        _few = _names.Count <= LinearScanLimit ? [.. _names] : null;
        _any = any;
    }

    /// <summary>True when the policy lists <c>*</c>.</summary>
    public bool HasWildcard => _any;

    /// <summary>True when nothing can ever be requested (no names and no <c>*</c>).</summary>
    public bool IsEmpty => !_any && _names.Count == 0;

    /// <summary>True when <paramref name="name"/> is listed by name (the listed names are validated tokens).</summary>
    private bool IsListed(ReadOnlySpan<char> name)
    {
        if (_few is null)
        {
            return _lookup.Contains(name);
        }
        foreach (var listed in _few)
        {
            // Listed names are stored lowercase and browsers send lowercase names (Fetch "CORS-unsafe request-header
            // names" are byte-lowercased), so an exact compare settles the usual case before the case-insensitive one.
            if (listed.Length == name.Length && (name.SequenceEqual(listed) || name.Equals(listed, StringComparison.OrdinalIgnoreCase)))
            {
                return true;
            }
        }
        return false;
    }

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
            while (true)
            {
                var comma = value[start..].IndexOf(',');
                var end = comma < 0 ? value.Length : start + comma;
                // Trim optional white space (RFC 9110 §5.6.3) by hand: browsers send none, so this is two compares.
                int first = start, last = end;
                while (first < last && value[first] is ' ' or '\t')
                {
                    first++;
                }
                while (last > first && value[last - 1] is ' ' or '\t')
                {
                    last--;
                }
                if (first == last)
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
                    var name = value[first..last];
                    // A listed name is a token, so the common case is one lookup; only an unlisted name is checked
                    // for being a token (malformed) before '*' may cover it.
                    if (!IsListed(name))
                    {
                        if (!HttpToken.IsToken(name))
                        {
                            line = i;
                            offending = new Range(first, last);
                            return HeaderCheck.Malformed;
                        }
                        if (!_any || !WildcardCovers(name))
                        {
                            line = i;
                            offending = new Range(first, last);
                            return HeaderCheck.NotAllowed;
                        }
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

    /// <summary>Fetch §4.8 "CORS-preflight fetch" step 7.6: '*' never covers Authorization (the one "CORS
    /// non-wildcard request-header name"); it must be listed. The caller has checked that the name is a token.</summary>
    private static bool WildcardCovers(ReadOnlySpan<char> name) => !name.Equals("authorization", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// For a policy with <c>*</c> whose preflight was denied (Authorization not listed): <paramref name="listed"/> plus
    /// every requested name that '*' covers, each a token, so the browser's header check passes them and stops on the
    /// denied one. '*' itself is never sent: Firefox still lets '*' cover Authorization
    /// (<c>network.cors_preflight.authorization_covered_by_wildcard</c>), which would grant what the policy refused.
    /// Called after <see cref="Check"/> has bounded the lines; allocates (a denial, not the allowed path).
    /// </summary>
    public string? NamesGranted(string? listed, ReadOnlySpan<string?> lines)
    {
        var names = new List<string>();
        if (listed is not null)
        {
            names.Add(listed);
        }
        foreach (var line in lines)
        {
            var value = line.AsSpan();
            foreach (var range in value.Split(','))
            {
                var name = value[range].Trim(" \t");
                if (name.Length != 0 && HttpToken.IsToken(name) && !IsListed(name) && WildcardCovers(name))
                {
                    names.Add(name.ToString().ToLowerInvariant());
                }
            }
        }
        return names.Count == 0 ? null : string.Join(", ", names);
    }
}
