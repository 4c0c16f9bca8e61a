namespace CorsKit.Cookies;

/// <summary>The one wording of every cookie exclusion and <c>Set-Cookie</c> rejection, for the CLI, JSON and docs.</summary>
public static class CookieReasons
{
    /// <summary>Why <paramref name="cookie"/> is not sent, in one sentence with what to change.</summary>
    public static string Explain(CookieExclusion reason, Cookie cookie)
    {
        ArgumentNullException.ThrowIfNull(cookie);
        return reason switch
        {
            CookieExclusion.Expired => $"it expired at {cookie.Expires:u}.",
            CookieExclusion.DomainMismatch => cookie.HostOnly
                ? $"it is host-only for {cookie.Domain} (set without Domain), and this request goes to another host."
                : $"its Domain={cookie.Domain} does not cover this request's host.",
            CookieExclusion.PathMismatch => $"its Path={cookie.Path} does not cover this request's path.",
            CookieExclusion.SecureOverInsecureScheme => "it is Secure and this request is not over https (nor, for this browser, a loopback http URL it trusts).",
            CookieExclusion.CredentialsModeOmit => "fetch() runs with credentials: 'omit', which sends no cookies.",
            CookieExclusion.CredentialsSameOriginCrossOrigin => "fetch() runs with credentials: 'same-origin' (the default) and this request is cross-origin; the page must use credentials: 'include'.",
            CookieExclusion.SameSiteStrictCrossSite => "it is SameSite=Strict and this request is cross-site; only SameSite=None (with Secure) cookies go on cross-site fetches.",
            CookieExclusion.SameSiteLaxNotTopLevelNavigation => "it is SameSite=Lax, which cross-site only goes with top-level navigations, never with fetch(); SameSite=None; Secure lifts that rule, and the browser's third-party cookie policy then decides.",
            CookieExclusion.SameSiteUnspecifiedTreatedAsLax => "it has no SameSite attribute, which this browser treats as SameSite=Lax: not sent on cross-site fetches; SameSite=None; Secure lifts that rule, and the browser's third-party cookie policy then decides.",
            CookieExclusion.SameSiteNoneWithoutSecure => "it is SameSite=None without Secure, which this browser refuses; add Secure.",
            CookieExclusion.ThirdPartyBlocked => "this browser blocks third-party cookies and the request is cross-site (Chromium still sends a SameSite=None; Secure; Partitioned cookie set under this page's site; Safari sends none).",
            CookieExclusion.ThirdPartyPartitioned => "this browser partitions third-party cookies: a cross-site request reads only cookies set while this page's site was the top-level site, and this one was set first-party.",
            CookieExclusion.PartitionedForOtherTopLevelSite => $"it is partitioned to {cookie.PartitionKey}, and this page's site is another.",
            _ => reason.ToString(),
        };
    }

    /// <summary>Why a <c>Set-Cookie</c> line for <paramref name="name"/> was not stored, in one sentence.</summary>
    public static string Explain(SetCookieRejection reason, string name) => reason switch
    {
        SetCookieRejection.ControlCharacter => "the line holds a control character; browsers ignore it.",
        SetCookieRejection.EmptyNameAndValue => "the cookie has neither a name nor a value.",
        SetCookieRejection.NameValueTooLong => "name and value exceed 4096 bytes.",
        SetCookieRejection.CredentialsNotIncluded => "the request carried no credentials (a preflight, credentials 'omit', or 'same-origin' across origins), so the browser ignores its Set-Cookie.",
        SetCookieRejection.SecureOverInsecureScheme => $"'{name}' is Secure but came over plain http, which this browser does not trust for Secure cookies.",
        SetCookieRejection.DomainMismatch => $"the Domain of '{name}' does not cover the host that set it.",
        SetCookieRejection.DomainIsPublicSuffix => $"the Domain of '{name}' is a public suffix.",
        SetCookieRejection.InvalidSecurePrefix => $"'{name}' has the __Secure- prefix without Secure.",
        SetCookieRejection.InvalidHostPrefix => $"'{name}' has the __Host- prefix but lacks Secure, has a Domain, or a Path other than /.",
        SetCookieRejection.NamelessPrefixedValue => "a nameless cookie's value starts with __Secure- or __Host-.",
        SetCookieRejection.SameSiteStrictCrossSite => $"'{name}' is SameSite=Strict and the response is cross-site to the page.",
        SetCookieRejection.SameSiteLaxCrossSite => $"'{name}' is SameSite=Lax and the response is cross-site to the page (a fetch is no top-level navigation).",
        SetCookieRejection.SameSiteUnspecifiedTreatedAsLax => $"'{name}' has no SameSite, which this browser treats as Lax, and the response is cross-site to the page.",
        SetCookieRejection.SameSiteNoneWithoutSecure => $"'{name}' is SameSite=None without Secure, which this browser refuses.",
        SetCookieRejection.PartitionedWithoutSecure => $"'{name}' is Partitioned without Secure, which this browser refuses.",
        SetCookieRejection.ThirdPartyBlocked => $"this browser refuses cookies from a cross-site response ('{name}').",
        SetCookieRejection.OverwritesSecureCookie => $"'{name}' would replace a Secure cookie from plain http.",
        _ => reason.ToString(),
    };
}
