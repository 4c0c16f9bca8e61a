using CorsKit.Policy;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace CorsKit.AspNetCore.Infrastructure;

/// <summary>Writes a <see cref="CorsResult"/> into response headers without allocating on the common paths.</summary>
internal static class ResponseHeaders
{
    public const string AllowPrivateNetwork = "Access-Control-Allow-Private-Network";
    public const string RequestPrivateNetwork = "Access-Control-Request-Private-Network";
    private const string True = "true";

    /// <summary>Headers of an actual (non-preflight) response. Stale CORS headers from an earlier pass of the
    /// pipeline (status-code or exception re-execution) are removed first, so the final endpoint decides.</summary>
    public static void ApplyActual(IHeaderDictionary headers, in CorsResult result)
    {
        var fresh = headers.Count == 0;
        if (!fresh)
        {
            headers.Remove(HeaderNames.AccessControlAllowOrigin);
            headers.Remove(HeaderNames.AccessControlAllowCredentials);
            headers.Remove(HeaderNames.AccessControlExposeHeaders);
        }
        if (result.AllowOrigin is not null)
        {
            headers.AccessControlAllowOrigin = result.AllowOrigin;
            if (result.AllowCredentials)
            {
                headers.AccessControlAllowCredentials = True;
            }
            if (result.ExposeHeaders is not null)
            {
                headers.AccessControlExposeHeaders = result.ExposeHeaders;
            }
        }
        if (result.Vary is not null)
        {
            if (fresh)
            {
                headers.Vary = result.Vary; // nothing to merge with
            }
            else
            {
                AddVary(headers, result.Vary);
            }
        }
    }

    /// <summary>True when <c>Vary</c> is still exactly the value CorsKit wrote (same string instance).</summary>
    public static bool VaryIsUntouched(IHeaderDictionary headers, string written)
    {
        var vary = headers.Vary;
        return vary.Count == 1 && ReferenceEquals(vary[0], written);
    }

    /// <summary>Headers of an allowed preflight, or of a denied one that names its cause
    /// (<see cref="CorsResult.IsExplainedDenial"/>: the policy's own lists instead of the echoed request).</summary>
    public static void ApplyPreflight(IHeaderDictionary headers, in CorsResult result, StringValues requestHeaders)
    {
        var fresh = headers.Count == 0;
        headers.AccessControlAllowOrigin = result.AllowOrigin;
        if (result.AllowCredentials)
        {
            headers.AccessControlAllowCredentials = True;
        }
        headers.AccessControlAllowMethods = result.AllowMethods;
        if (result.AllowHeaders is not null)
        {
            headers.AccessControlAllowHeaders = result.AllowHeaders;
        }
        else if (result.EchoRequestHeaders)
        {
            // Validated name by name; several request lines are echoed as several lines, which a browser reads as
            // one list (RFC 9110 §5.3).
            headers.AccessControlAllowHeaders = requestHeaders;
        }
        if (result.MaxAge is not null)
        {
            headers.AccessControlMaxAge = result.MaxAge;
        }
        if (result.AllowPrivateNetwork)
        {
            headers[AllowPrivateNetwork] = True;
        }
        if (result.Vary is not null)
        {
            if (fresh)
            {
                headers.Vary = result.Vary;
            }
            else
            {
                AddVary(headers, result.Vary);
            }
        }
    }

    /// <summary>
    /// Adds field names to <c>Vary</c> (RFC 9110 §12.5.5), keeping existing values, never duplicating a name (compared
    /// case-insensitively across every line and list element), and adding nothing when <c>Vary: *</c> is present.
    /// </summary>
    public static void AddVary(IHeaderDictionary headers, string names)
    {
        var existing = headers.Vary;
        if (existing.Count == 0)
        {
            headers.Vary = names;
            return;
        }
        string? missing = null;
        foreach (var range in names.AsSpan().Split(','))
        {
            var name = names.AsSpan()[range].Trim(' ');
            if (!Contains(existing, name))
            {
                missing = missing is null ? name.ToString() : missing + ", " + name.ToString();
            }
        }
        if (missing is not null)
        {
            headers.Vary = StringValues.Concat(existing, missing);
        }
    }

    private static bool Contains(StringValues values, ReadOnlySpan<char> name)
    {
        foreach (var value in values)
        {
            if (value is null)
            {
                continue;
            }
            foreach (var range in value.AsSpan().Split(','))
            {
                var element = value.AsSpan()[range].Trim(" \t");
                if (element.Equals(name, StringComparison.OrdinalIgnoreCase) || element.SequenceEqual("*"))
                {
                    return true;
                }
            }
        }
        return false;
    }
}
