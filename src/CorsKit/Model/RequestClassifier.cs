using CorsKit.Fetch;
using CorsKit.Origins;

namespace CorsKit.Model;

/// <summary>What the browser does to a script's request before anything is sent (Fetch §5.3 <c>new Request</c>,
/// §5.2 <c>Headers</c> with guard "request", §4.1 main fetch step 12).</summary>
internal static class RequestClassifier
{
    /// <summary>The header a string body gets when the script set no Content-Type (Fetch §5 "extract a body").</summary>
    public static readonly HttpHeader DefaultTextContentType = new("Content-Type", "text/plain;charset=UTF-8");

    public static RequestClassification Classify(CorsRequest request, BrowserProfile profile)
    {
        ArgumentNullException.ThrowIfNull(request);
        var method = request.Method ?? "GET";
        // Chromium's order (observed in Chromium 156): the RequestInit dictionary is converted first (ByteString
        // header values), then the URL, the method, each header, the body; the scheme is only refused by fetch itself.
        var error = request.Headers.Any(h => (h.Name ?? "").Any(c => c > 0xFF) || (h.Value ?? "").Any(c => c > 0xFF))
            ? "Failed to read the 'headers' property from 'RequestInit': String contains non ISO-8859-1 code point."
            : null;
        error ??= CredentialsInUrl(request.Url) ?? MethodError(method);
        var normalized = FetchRules.IsToken(method) ? FetchRules.NormalizeMethod(method) : method;

        var dropped = new List<string>();
        var headers = new List<HttpHeader>();
        var entries = new List<HttpHeader>();
        foreach (var header in request.Headers)
        {
            var name = header.Name ?? "";
            var value = header.Value ?? "";
            if (!FetchRules.IsToken(name))
            {
                error ??= "Invalid name";
                continue;
            }

            // Fetch §5.2 "append": normalise (strip leading/trailing HTTP whitespace), then validate.
            var normalizedValue = HttpChars.TrimHttpWhitespace(value).ToString();
            if (normalizedValue.AsSpan().IndexOfAny('\0', '\r', '\n') >= 0 || normalizedValue.Any(c => c > 0xFF))
            {
                error ??= "Invalid value";
                continue;
            }

            // Guard "request": a forbidden request-header is silently ignored (checked per append, before combining).
            if (FetchRules.IsForbiddenRequestHeader(name, normalizedValue, profile))
            {
                dropped.Add(name);
                continue;
            }

            // Chromium's HTTPHeaderMap and Firefox's InternalHeaders both hold one entry per name and combine a
            // repeated name as "a, b" (Fetch "combine"); the first spelling of the name is kept.
            entries.Add(new HttpHeader(name, normalizedValue));
            var existing = headers.FindIndex(h => h.Name.Equals(name, StringComparison.OrdinalIgnoreCase));
            if (existing >= 0)
            {
                headers[existing] = headers[existing] with { Value = headers[existing].Value + ", " + normalizedValue };
            }
            else
            {
                headers.Add(new HttpHeader(name, normalizedValue));
            }
        }

        if (request.Body is not null)
        {
            if (normalized is "GET" or "HEAD")
            {
                error ??= "Request with GET/HEAD method cannot have body.";
            }
            else if (!headers.Exists(h => h.Name.Equals("content-type", StringComparison.OrdinalIgnoreCase)))
            {
                headers.Add(DefaultTextContentType);
                entries.Add(DefaultTextContentType);
            }
            else if (profile.XhrSendSetsCharsetToUtf8 && request.Initiator == Initiator.XmlHttpRequest)
            {
                // XHR §4.5.6 send() step 4.4.2: a charset other than UTF-8 in the script's Content-Type becomes UTF-8,
                // the type re-serialized (WebKit XMLHttpRequest.cpp replaceCharsetInMediaTypeIfNeeded).
                var i = headers.FindIndex(h => h.Name.Equals("content-type", StringComparison.OrdinalIgnoreCase));
                if (MimeType.Parse(headers[i].Value) is { } type
                    && type.Parameters.FirstOrDefault(p => p.Key == "charset").Value is { Length: > 0 } charset
                    && !charset.Equals("UTF-8", StringComparison.OrdinalIgnoreCase))
                {
                    headers[i] = headers[i] with { Value = type.WithCharset("UTF-8").Serialize() };
                }
            }
        }

        error ??= SchemeError(request.Url);
        var isCrossOrigin = !request.Origin.IsSameOrigin(Origin.FromUri(request.Url));
        var perEntry = profile.SafelistsSequenceEntriesSeparately && !request.HeadersObject && request.Initiator == Initiator.Fetch;
        var unsafeNames = UnsafeNames(headers, entries, perEntry, profile);
        var needsPreflight = error is null && isCrossOrigin
            && (ForcesPreflight(request, profile) || !FetchRules.IsCorsSafelistedMethod(normalized) || unsafeNames.Count > 0);

        return new RequestClassification
        {
            Method = normalized,
            IsCrossOrigin = isCrossOrigin,
            Headers = headers,
            DroppedHeaders = dropped,
            UnsafeHeaderNames = unsafeNames,
            Entries = entries,
            PerEntry = perEntry,
            NeedsPreflight = needsPreflight,
            Error = error,
        };
    }

    /// <summary>The CORS-unsafe names as the preflight lists them: from the combined list (sorted-lowercase set), or
    /// per entry with repeats (Firefox given a header sequence: Fetch §2.2.2 run over the entries, names not
    /// de-duplicated).</summary>
    public static IReadOnlyList<string> UnsafeNames(IReadOnlyList<HttpHeader> combined, IReadOnlyList<HttpHeader> entries, bool perEntry, BrowserProfile profile)
    {
        if (!perEntry)
        {
            return FetchRules.CorsUnsafeRequestHeaderNames(combined, profile);
        }

        var unsafeNames = new List<string>();
        var potentiallyUnsafe = new List<string>();
        var total = 0;
        foreach (var entry in entries)
        {
            if (FetchRules.IsCorsSafelistedRequestHeader(entry.Name, entry.Value, profile))
            {
                potentiallyUnsafe.Add(entry.Name.ToLowerInvariant());
                total += entry.Value.Length;
            }
            else
            {
                unsafeNames.Add(entry.Name.ToLowerInvariant());
            }
        }

        if (total > FetchRules.SafelistedTotalMax)
        {
            unsafeNames.AddRange(potentiallyUnsafe);
        }

        unsafeNames.Sort(StringComparer.Ordinal);
        return unsafeNames;
    }

    /// <summary>The use-CORS-preflight flag (Fetch §2.2.5): set by the caller, or by XHR upload listeners.</summary>
    public static bool ForcesPreflight(CorsRequest request, BrowserProfile profile)
        => request.ForcePreflight || (request.UploadListener && (request.Body is not null || profile.UploadListenerPreflightsWithoutBody));

    private static string? MethodError(string method)
    {
        if (!FetchRules.IsToken(method))
        {
            return $"'{method}' is not a valid HTTP method.";
        }

        // Fetch §5.3 new Request step 25.3: a forbidden method throws a TypeError (Chromium's wording).
        return FetchRules.IsForbiddenMethod(method) ? $"'{method}' HTTP method is unsupported." : null;
    }

    /// <summary>Fetch §5.3 new Request step 5.3: a URL with credentials cannot be requested.</summary>
    private static string? CredentialsInUrl(Uri url)
        => url.IsAbsoluteUri && url.UserInfo.Length > 0 ? $"Request cannot be constructed from a URL that includes credentials: {url.AbsoluteUri}" : null;

    /// <summary>Fetch §4.1 main fetch step 12 (scheme fetch): only http(s) can be fetched cross-origin. The console line
    /// is Blink's fetch_manager.cc wording; the script sees "TypeError: Failed to fetch".</summary>
    private static string? SchemeError(Uri url)
    {
        if (!url.IsAbsoluteUri)
        {
            return $"'{url}' is not an absolute URL.";
        }

        return url.Scheme is "http" or "https" ? null : $"Fetch API cannot load {url.AbsoluteUri}. URL scheme \"{url.Scheme}\" is not supported.";
    }
}
