using System.Globalization;
using CorsKit.Model;
using CorsKit.Origins;

namespace CorsKit.Cookies;

/// <summary>
/// The cookies one browser holds (RFC 6265bis §5.7 "Storage Model") and its two decisions: whether a response's
/// <c>Set-Cookie</c> is stored (<see cref="Receive"/>), and which cookies a request carries
/// (<see cref="Attach"/>, §5.8.3 "Retrieval Algorithm"), each per <see cref="CookieBehaviour"/> and with the reason when
/// the answer is no. The page is always the top-level document, so its origin is the "site for cookies" (§5.2) and the
/// partition key. Thread-safe.
/// </summary>
public sealed class CookieStore
{
    /// <summary>RFC 6265bis §5.6.1/§5.6.2: expiry is capped at 400 days from now.</summary>
    private static readonly TimeSpan MaxLifetime = TimeSpan.FromDays(400);

    private readonly List<Cookie> _cookies = [];
    private readonly TimeProvider _time;
    private readonly Lock _lock = new();

    /// <summary>An empty store following <paramref name="behaviour"/>, reading the system clock.</summary>
    public CookieStore(CookieBehaviour behaviour)
        : this(behaviour, TimeProvider.System)
    {
    }

    /// <summary>An empty store following <paramref name="behaviour"/>, reading the time from <paramref name="time"/>
    /// (inject a fake clock to test expiry).</summary>
    public CookieStore(CookieBehaviour behaviour, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(behaviour);
        ArgumentNullException.ThrowIfNull(time);
        Behaviour = behaviour;
        _time = time;
    }

    /// <summary>The engine rules this store applies.</summary>
    public CookieBehaviour Behaviour { get; }

    /// <summary>Every cookie held, in the order first stored (expired ones too, until replaced).</summary>
    public IReadOnlyList<Cookie> Cookies
    {
        get
        {
            lock (_lock)
            {
                return [.. _cookies];
            }
        }
    }

    /// <summary>Puts <paramref name="cookie"/> in the store as the browser already holds it (a cookie-jar file), replacing
    /// one with the same name, domain, host-only flag, path and partition. No storage rule is applied.</summary>
    public void Add(Cookie cookie)
    {
        ArgumentNullException.ThrowIfNull(cookie);
        lock (_lock)
        {
            Put(cookie);
        }
    }

    /// <summary>
    /// Handles one <c>Set-Cookie</c> field value received in a response to <paramref name="url"/>, requested from a page
    /// whose top-level origin is <paramref name="topLevel"/> (RFC 6265bis §5.7). <paramref name="includeCredentials"/>
    /// false (a preflight, credentials <c>omit</c>, <c>same-origin</c> across origins) ignores the line (Fetch §4.6
    /// "HTTP-network fetch": cookies are stored only when includeCredentials is true). Never throws for any text.
    /// </summary>
    public SetCookieOutcome Receive(string line, Uri url, Origin topLevel, bool includeCredentials = true)
    {
        ArgumentNullException.ThrowIfNull(url);
        ArgumentNullException.ThrowIfNull(topLevel);
        line ??= "";
        if (!SetCookie.TryParse(line, out var parsed, out var parseRejection))
        {
            return new SetCookieOutcome(line, null, parseRejection);
        }

        var now = _time.GetUtcNow();
        var host = Host(url);
        var cookie = new Cookie
        {
            Name = parsed.Name,
            Value = parsed.Value,
            Domain = host,
            Path = parsed.Path ?? DefaultPath(url),
            Secure = parsed.Secure,
            HttpOnly = parsed.HttpOnly,
            SameSite = parsed.SameSite,
            Expires = Expiry(parsed, now),
            Created = now,
        };
        var rejection = Judge(parsed, url, topLevel, includeCredentials, ref cookie);
        if (rejection is not null)
        {
            return new SetCookieOutcome(line, cookie, rejection);
        }

        lock (_lock)
        {
            if (!cookie.Secure && !IsSecure(url) && _cookies.Any(c => c.Secure && c.Name == cookie.Name
                && (DomainMatch(c.Domain, cookie.Domain) || DomainMatch(cookie.Domain, c.Domain)) && PathMatch(c.Path, cookie.Path)))
            {
                // §5.7 step 16 "Leave Secure Cookies Alone".
                return new SetCookieOutcome(line, cookie, SetCookieRejection.OverwritesSecureCookie);
            }

            if (cookie.Expires is { } expires && expires <= now)
            {
                // §5.7 step 24: an expiry in the past removes the old cookie and stores nothing.
                _cookies.RemoveAll(c => SameIdentity(c, cookie));
                return new SetCookieOutcome(line, cookie, null) { Deleted = true };
            }

            Put(cookie);
        }

        return new SetCookieOutcome(line, cookie, null);
    }

    /// <summary>
    /// Which cookies a request to <paramref name="url"/> from a page on <paramref name="topLevel"/> carries (RFC 6265bis
    /// §5.8.3), with fetch()'s <paramref name="credentials"/> mode and the request's includeCredentials flag (Fetch
    /// §4.5 step 8.8: <c>include</c>, or <c>same-origin</c> on a same-origin request). Every held cookie gets a
    /// decision; the header orders longer paths first, then older cookies (§5.8.3 step 2).
    /// </summary>
    public CookieAttachment Attach(Uri url, Origin topLevel, CredentialsMode credentials, bool includeCredentials)
    {
        ArgumentNullException.ThrowIfNull(url);
        ArgumentNullException.ThrowIfNull(topLevel);
        var now = _time.GetUtcNow();
        var host = Host(url);
        var path = url.IsAbsoluteUri ? url.AbsolutePath : "/";
        var secure = IsSecure(url);
        var crossSite = IsCrossSite(url, topLevel);
        var topSite = Site(topLevel);
        List<Cookie> held;
        lock (_lock)
        {
            held = [.. _cookies];
        }

        var sent = new List<Cookie>();
        var leftOut = new List<CookieDecision>();
        foreach (var cookie in held)
        {
            CookieExclusion? reason =
                cookie.Expires is { } expires && expires <= now ? CookieExclusion.Expired
                : (cookie.HostOnly ? host != cookie.Domain : !DomainMatch(host, cookie.Domain)) ? CookieExclusion.DomainMismatch
                : !PathMatch(path, cookie.Path) ? CookieExclusion.PathMismatch
                : cookie.Secure && !secure ? CookieExclusion.SecureOverInsecureScheme
                : !includeCredentials ? (credentials == CredentialsMode.Omit ? CookieExclusion.CredentialsModeOmit : CookieExclusion.CredentialsSameOriginCrossOrigin)
                : cookie.PartitionKey is { } key && key != topSite ? CookieExclusion.PartitionedForOtherTopLevelSite
                : crossSite ? CrossSiteExclusion(cookie) : null;
            if (reason is null)
            {
                sent.Add(cookie);
            }
            else
            {
                leftOut.Add(new CookieDecision(cookie, reason));
            }
        }

        var ordered = sent.OrderByDescending(c => c.Path.Length).ThenBy(c => c.Created).ToList();
        var header = ordered.Count == 0 ? null : string.Join("; ", ordered.Select(c => c.Pair));
        return new CookieAttachment(url, header, [.. ordered.Select(c => new CookieDecision(c, null)), .. leftOut]);
    }

    // §5.8.3 step 1 same-site rules, then the engine's third-party policy, for a cookie on a cross-site request.
    private CookieExclusion? CrossSiteExclusion(Cookie cookie)
    {
        var effective = cookie.SameSite == CookieSameSite.Unspecified ? Behaviour.UnspecifiedSameSite : cookie.SameSite;
        if (effective == CookieSameSite.Strict)
        {
            return CookieExclusion.SameSiteStrictCrossSite;
        }

        if (effective == CookieSameSite.Lax)
        {
            return cookie.SameSite == CookieSameSite.Unspecified ? CookieExclusion.SameSiteUnspecifiedTreatedAsLax : CookieExclusion.SameSiteLaxNotTopLevelNavigation;
        }

        if (cookie.SameSite == CookieSameSite.None && !cookie.Secure && Behaviour.SameSiteNoneRequiresSecure)
        {
            return CookieExclusion.SameSiteNoneWithoutSecure;
        }

        if (cookie.PartitionKey is not null)
        {
            return null; // partitioned to this very top-level site (checked before)
        }

        return Behaviour.ThirdParty switch
        {
            ThirdPartyCookies.Block => CookieExclusion.ThirdPartyBlocked,
            ThirdPartyCookies.Partition => CookieExclusion.ThirdPartyPartitioned,
            _ => null,
        };
    }

    // RFC 6265bis §5.7 steps 5-22 in the order browsers report them; fills in domain, host-only flag and partition key.
    private SetCookieRejection? Judge(SetCookie parsed, Uri url, Origin topLevel, bool includeCredentials, ref Cookie cookie)
    {
        if (!includeCredentials)
        {
            return SetCookieRejection.CredentialsNotIncluded;
        }

        var host = cookie.Domain;
        if (parsed.Domain is { } attribute)
        {
            var domain = CanonicalDomain(attribute);
            if (domain is not null && PublicSuffix.IsPublicSuffix(domain))
            {
                // Step 5: a public suffix is allowed only as the host itself, and then makes a host-only cookie.
                if (domain != host)
                {
                    return SetCookieRejection.DomainIsPublicSuffix;
                }
            }
            else if (domain is null || !DomainMatch(host, domain))
            {
                return SetCookieRejection.DomainMismatch;
            }
            else
            {
                cookie = cookie with { Domain = domain, HostOnly = false };
            }
        }

        var secure = IsSecure(url);
        if (parsed.Secure && !secure)
        {
            return SetCookieRejection.SecureOverInsecureScheme;
        }

        // §4.1.3 cookie prefixes, matched case-insensitively (§5.7 steps 19-22).
        if (parsed.Name.StartsWith("__Secure-", StringComparison.OrdinalIgnoreCase) && !parsed.Secure)
        {
            return SetCookieRejection.InvalidSecurePrefix;
        }

        if (parsed.Name.StartsWith("__Host-", StringComparison.OrdinalIgnoreCase) && (!parsed.Secure || parsed.Domain is not null || parsed.Path != "/"))
        {
            return SetCookieRejection.InvalidHostPrefix;
        }

        if (parsed.Name.Length == 0 && (parsed.Value.StartsWith("__Secure-", StringComparison.OrdinalIgnoreCase) || parsed.Value.StartsWith("__Host-", StringComparison.OrdinalIgnoreCase)))
        {
            return SetCookieRejection.NamelessPrefixedValue;
        }

        var crossSite = IsCrossSite(url, topLevel);
        var effective = parsed.SameSite == CookieSameSite.Unspecified ? Behaviour.UnspecifiedSameSite : parsed.SameSite;
        if (crossSite && effective != CookieSameSite.None)
        {
            // §5.7 step 17: only SameSite=None cookies may be set by a cross-site subresource response.
            return parsed.SameSite == CookieSameSite.Unspecified ? SetCookieRejection.SameSiteUnspecifiedTreatedAsLax
                : effective == CookieSameSite.Strict ? SetCookieRejection.SameSiteStrictCrossSite : SetCookieRejection.SameSiteLaxCrossSite;
        }

        if (parsed.SameSite == CookieSameSite.None && !parsed.Secure && Behaviour.SameSiteNoneRequiresSecure)
        {
            return SetCookieRejection.SameSiteNoneWithoutSecure;
        }

        var topSite = Site(topLevel);
        if (parsed.Partitioned && !parsed.Secure && Behaviour.PartitionedRequiresSecure)
        {
            return SetCookieRejection.PartitionedWithoutSecure;
        }

        if (parsed.Partitioned && Behaviour.HonoursPartitioned)
        {
            cookie = cookie with { PartitionKey = topSite };
        }

        if (Behaviour.ThirdParty == ThirdPartyCookies.BlockNew && !FirstPartyForSetting(cookie.Domain, topLevel))
        {
            return SetCookieRejection.ThirdPartyBlocked;
        }

        if (crossSite)
        {
            switch (Behaviour.ThirdParty)
            {
                case ThirdPartyCookies.Block when cookie.PartitionKey is null:
                    return SetCookieRejection.ThirdPartyBlocked;
                case ThirdPartyCookies.Partition:
                    cookie = cookie with { PartitionKey = topSite };
                    break;
            }
        }

        return null;
    }

    /// <summary>
    /// WebKitGTK's "no third-party" test for a cookie being set (libsoup incoming_cookie_is_third_party): the cookie's
    /// domain and the page's host are reduced to their base domains, and must domain-match one way or the other. A host
    /// under a top-level label the Public Suffix List does not list (<c>*.localhost</c>) has no base domain and is
    /// compared as it is, so there a same-site response's host-only cookie counts as third-party (observed in
    /// WebKitGTK 2.50.6: <c>same-site/fetch/plain</c> refused, <c>same-site/fetch/domain-parent</c> stored).
    /// </summary>
    private static bool FirstPartyForSetting(string cookieDomain, Origin topLevel)
    {
        if (topLevel.IsOpaque)
        {
            return false;
        }

        var cookieBase = BaseDomain(cookieDomain);
        var pageBase = BaseDomain(topLevel.Host);
        return DomainMatch(pageBase, cookieBase) || DomainMatch(cookieBase, pageBase);
    }

    private static string BaseDomain(string host) =>
        PublicSuffix.HasListedTopLevel(host) ? PublicSuffix.RegistrableDomain(host) ?? host : host;

    private void Put(Cookie cookie)
    {
        var index = _cookies.FindIndex(c => SameIdentity(c, cookie));
        if (index >= 0)
        {
            // §5.7 step 23: the replacement keeps the old cookie's creation-time.
            _cookies[index] = cookie with { Created = _cookies[index].Created };
        }
        else
        {
            _cookies.Add(cookie);
        }
    }

    private static bool SameIdentity(Cookie a, Cookie b) =>
        a.Name == b.Name && a.Domain == b.Domain && a.HostOnly == b.HostOnly && a.Path == b.Path && a.PartitionKey == b.PartitionKey;

    private static DateTimeOffset? Expiry(SetCookie parsed, DateTimeOffset now)
    {
        var limit = now + MaxLifetime;
        if (parsed.MaxAge is { } seconds)
        {
            // §5.6.2: zero or negative is the earliest representable time; Max-Age wins over Expires (§5.7 step 3).
            return seconds <= 0 ? DateTimeOffset.MinValue : seconds >= MaxLifetime.TotalSeconds ? limit : now.AddSeconds(seconds);
        }

        return parsed.Expires is { } expires ? (expires > limit ? limit : expires) : null;
    }

    /// <summary>A secure scheme, or, for engines that trust it, a loopback http URL (Secure Contexts §3.2
    /// "potentially trustworthy").</summary>
    private bool IsSecure(Uri url) => url.Scheme is "https" or "wss"
        || (Behaviour.SecureOnLoopbackHttp && Origin.FromUri(url).IsPotentiallyTrustworthy);

    private static bool IsCrossSite(Uri url, Origin topLevel) => topLevel.IsOpaque || !topLevel.IsSameSite(Origin.FromUri(url));

    /// <summary>The schemeful site (HTML §7.1.1): <c>scheme://registrable-domain</c>, or the host when it has none.</summary>
    internal static string Site(Origin origin) =>
        origin.IsOpaque ? "null" : origin.Scheme + "://" + (PublicSuffix.RegistrableDomain(origin.Host) ?? origin.Host);

    private static string Host(Uri url) => url.IsAbsoluteUri ? url.IdnHost.ToLowerInvariant() : "";

    private static string? CanonicalDomain(string domain)
    {
        if (domain.All(char.IsAscii))
        {
            return domain;
        }

        try
        {
            return new IdnMapping().GetAscii(domain).ToLowerInvariant();
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    /// <summary>RFC 6265bis §5.1.3 domain-match: identical, or a dot-separated suffix of a host that is no IP address.</summary>
    internal static bool DomainMatch(string host, string domain) =>
        host == domain || (host.Length > domain.Length && host.EndsWith(domain, StringComparison.Ordinal)
            && host[host.Length - domain.Length - 1] == '.' && Uri.CheckHostName(host) == UriHostNameType.Dns);

    /// <summary>RFC 6265bis §5.1.4 path-match.</summary>
    internal static bool PathMatch(string requestPath, string cookiePath) =>
        requestPath == cookiePath || (requestPath.StartsWith(cookiePath, StringComparison.Ordinal)
            && (cookiePath.EndsWith('/') || requestPath[cookiePath.Length] == '/'));

    /// <summary>RFC 6265bis §5.1.4 default-path: the request path up to, not including, its last '/'; "/" when that is
    /// the first character.</summary>
    internal static string DefaultPath(Uri url)
    {
        var path = url.IsAbsoluteUri ? url.AbsolutePath : "";
        var last = path.LastIndexOf('/');
        return path.Length == 0 || path[0] != '/' || last == 0 ? "/" : path[..last];
    }
}
