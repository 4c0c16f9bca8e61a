using CorsKit.Fetch;

namespace CorsKit.Model;

/// <summary>
/// The CORS-preflight cache of one browser profile. Chromium and WebKit keep one result per (origin, URL) and replace
/// it on every new preflight; Firefox and the Fetch standard keep one entry per method and per header name, each with
/// its own expiry. Time comes from an injected <see cref="TimeProvider"/> so tests are deterministic.
/// </summary>
internal sealed class PreflightCache(BrowserProfile profile, TimeProvider time)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<(string Origin, string Url), (PreflightResult Result, DateTimeOffset Expiry)> _perUrl = [];
    private readonly List<Entry> _entries = [];

    private sealed record Entry(string Origin, string Url, bool Credentials, string? Method, string? Header, DateTimeOffset Expiry);

    public void Clear()
    {
        lock (_gate)
        {
            _perUrl.Clear();
            _entries.Clear();
        }
    }

    /// <summary>Fetch §4.1 main fetch step 12.3: remove every entry for this origin and URL after a network error. WebKit
    /// erases nothing on a failure (<see cref="BrowserProfile.CachesRefusedPreflights"/>).</summary>
    public void Remove(string origin, Uri url)
    {
        if (profile.CachesRefusedPreflights)
        {
            return;
        }

        lock (_gate)
        {
            _perUrl.Remove((origin, url.AbsoluteUri));
            _entries.RemoveAll(e => e.Origin == origin && e.Url == url.AbsoluteUri);
        }
    }

    /// <summary>True when a cached preflight covers the request (so no preflight is sent).</summary>
    public bool Covers(string origin, Uri url, bool include, string method, IReadOnlyList<string> unsafeNames, bool forcePreflight)
    {
        var now = time.GetUtcNow();
        lock (_gate)
        {
            return profile.CacheStyle == PreflightCacheStyle.ReplacePerUrl
                ? CoversPerUrl((origin, url.AbsoluteUri), now, include, method, unsafeNames)
                : CoversPerEntry(origin, url.AbsoluteUri, now, include, method, unsafeNames, forcePreflight);
        }
    }

    public void Store(string origin, Uri url, PreflightResult result)
    {
        if (result.MaxAge is not { } maxAge || maxAge <= TimeSpan.Zero)
        {
            return;
        }

        var expiry = time.GetUtcNow() + maxAge;
        lock (_gate)
        {
            if (profile.CacheStyle == PreflightCacheStyle.ReplacePerUrl)
            {
                // Chromium preflight_cache.cc AppendEntry: the new result replaces the old one. URLs of 1024+ chars
                // are never cached.
                if (url.AbsoluteUri.Length < 1024)
                {
                    _perUrl[(origin, url.AbsoluteUri)] = (result, expiry);
                }

                return;
            }

            // Fetch §4.9 step 7.7-7.8: update or create one entry per method and per header name.
            foreach (var method in result.Methods)
            {
                _entries.RemoveAll(e => e.Origin == origin && e.Url == url.AbsoluteUri && e.Credentials == result.Credentials && e.Method == method);
                _entries.Add(new Entry(origin, url.AbsoluteUri, result.Credentials, method, null, expiry));
            }

            foreach (var header in result.Headers)
            {
                _entries.RemoveAll(e => e.Origin == origin && e.Url == url.AbsoluteUri && e.Credentials == result.Credentials && e.Header == header);
                _entries.Add(new Entry(origin, url.AbsoluteUri, result.Credentials, null, header, expiry));
            }
        }
    }

    private bool CoversPerUrl((string, string) key, DateTimeOffset now, bool include, string method, IReadOnlyList<string> unsafeNames)
    {
        if (!_perUrl.TryGetValue(key, out var cached))
        {
            return false;
        }

        var (result, expiry) = cached;
        // Chromium PreflightResult::EnsureAllowedRequest: not stale, credentials compatible, method and headers
        // covered. The cache lookup always applies the non-wildcard rule for Authorization in Chromium, so a request
        // whose Authorization was admitted only by "*" re-preflights every time (browser-cors.md §3.1).
        var starCoversAuthorization = profile.Engine != BrowserEngine.Chromium && profile.WildcardCoversAuthorization;
        var covered = now < expiry && (result.Credentials || !include) && result.AllowsMethod(method, include)
            && result.FirstDisallowedHeader(unsafeNames, include, starCoversAuthorization) is null;
        if (!covered)
        {
            _perUrl.Remove(key); // hit-and-fail or stale: erased.
        }

        return covered;
    }

    private bool CoversPerEntry(string origin, string url, DateTimeOffset now, bool include, string method, IReadOnlyList<string> unsafeNames, bool forcePreflight)
    {
        _entries.RemoveAll(e => e.Expiry <= now);
        bool Matches(Entry e) => e.Origin == origin && e.Url == url && (e.Credentials || !include);

        var exempt = profile.CacheExemptsOnlyGetAndPost ? method is "GET" or "POST" : FetchRules.IsCorsSafelistedMethod(method);
        var methodOk = (exempt && !forcePreflight)
            || _entries.Exists(e => Matches(e) && (e.Method == method || (e.Method == "*" && !include)));
        if (!methodOk)
        {
            return false;
        }

        foreach (var name in unsafeNames)
        {
            var starCovers = !include && (name != "authorization" || profile.WildcardCoversAuthorization);
            if (!_entries.Exists(e => Matches(e) && (e.Header == name || (e.Header == "*" && starCovers))))
            {
                return false;
            }
        }

        return true;
    }
}
