namespace CorsKit.Model;

/// <summary>
/// The CORS entries of Firefox's console catalogue: the keys of the CORS section of
/// dom/locales/en-US/chrome/security/security.properties (mozilla/gecko-dev @5f378c92, unchanged @659e5d3c), logged
/// by netwerk/protocol/http/nsCORSListenerProxy.cpp LogBlockedRequest. MDN names each page after the key without its
/// version digit (<c>CORSMissingAllowOrigin</c>; <see cref="FirefoxConsoleText.MdnName"/>).
/// </summary>
public enum FirefoxReason
{
#pragma warning disable CS1591 // The names are Firefox's; docs/browser-model.md lists each with its text.
    CORSDisabled,
    CORSDidNotSucceed2,
    CORSOriginHeaderNotAdded,
    CORSExternalRedirectNotAllowed,
    CORSRequestNotHttp,
    CORSMissingAllowOrigin2,
    CORSMultipleAllowOriginNotAllowed,
    CORSAllowOriginNotMatchingOrigin,
    CORSNotSupportingCredentials,
    CORSMethodNotFound,
    CORSMissingAllowCredentials,
    CORSPreflightDidNotSucceed3,
    CORSInvalidAllowMethod,
    CORSInvalidAllowHeader,
    CORSMissingAllowHeaderFromPreflight2,
    CORSAllowHeaderFromPreflightDeprecation,
    /// <summary>Not a CORS reason: dom/locales/en-US/chrome/security/caps.properties <c>CheckSameOriginError</c>
    /// (<c>Security Error: Content at %S may not load data from %S.</c>), logged for a cross-origin fetch with mode
    /// 'same-origin' (observed in Firefox ESR 153).</summary>
    CheckSameOriginError,
#pragma warning restore CS1591
}
