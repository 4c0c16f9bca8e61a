namespace CorsKit.Cookies;

/// <summary>Why a <c>Set-Cookie</c> line was not stored. <see cref="CookieReasons.Explain(SetCookieRejection, string)"/>
/// words each.</summary>
public enum SetCookieRejection
{
    /// <summary>The line holds a control character other than a tab (RFC 6265bis §5.6 step 1).</summary>
    ControlCharacter,
    /// <summary>Both the name and the value are empty (RFC 6265bis §5.6 step 5).</summary>
    EmptyNameAndValue,
    /// <summary>Name and value together exceed 4096 bytes (RFC 6265bis §5.6 step 6).</summary>
    NameValueTooLong,
    /// <summary>The response belonged to a request without credentials: Fetch §4.6 "HTTP-network fetch" stores
    /// <c>Set-Cookie</c> only when includeCredentials is true (never for a preflight, nor for credentials
    /// <c>omit</c>, nor for <c>same-origin</c> across origins).</summary>
    CredentialsNotIncluded,
    /// <summary><c>Secure</c> on a response the browser did not receive over a secure scheme (RFC 6265bis §5.7
    /// step 8).</summary>
    SecureOverInsecureScheme,
    /// <summary>The <c>Domain</c> attribute does not domain-match the response's host (RFC 6265bis §5.7 step 5).</summary>
    DomainMismatch,
    /// <summary>The <c>Domain</c> attribute is a public suffix (<c>com</c>, <c>co.uk</c>, <c>localhost</c>) other
    /// than the host itself (RFC 6265bis §5.7 step 5).</summary>
    DomainIsPublicSuffix,
    /// <summary>A <c>__Secure-</c> name without <c>Secure</c> (RFC 6265bis §4.1.3.1).</summary>
    InvalidSecurePrefix,
    /// <summary>A <c>__Host-</c> name without <c>Secure</c>, with a <c>Domain</c>, or with a <c>Path</c> other than
    /// <c>/</c> (RFC 6265bis §4.1.3.2).</summary>
    InvalidHostPrefix,
    /// <summary>A nameless cookie whose value starts like a prefixed name (RFC 6265bis §5.7 steps 21-22).</summary>
    NamelessPrefixedValue,
    /// <summary><c>SameSite=Strict</c> set by a cross-site response (RFC 6265bis §5.7 step 17).</summary>
    SameSiteStrictCrossSite,
    /// <summary><c>SameSite=Lax</c> set by a cross-site response (RFC 6265bis §5.7 step 17).</summary>
    SameSiteLaxCrossSite,
    /// <summary>No <c>SameSite</c>, taken as <c>Lax</c> by the browser, set by a cross-site response.</summary>
    SameSiteUnspecifiedTreatedAsLax,
    /// <summary><c>SameSite=None</c> without <c>Secure</c>, in a browser that requires it (RFC 6265bis §5.7 step 18).</summary>
    SameSiteNoneWithoutSecure,
    /// <summary><c>Partitioned</c> without <c>Secure</c>, in a browser that requires it (Chromium, CHIPS).</summary>
    PartitionedWithoutSecure,
    /// <summary>The browser refuses cookies from a third-party (cross-site) response.</summary>
    ThirdPartyBlocked,
    /// <summary>A non-<c>Secure</c> cookie from an insecure response would shadow a <c>Secure</c> cookie of the same
    /// name (RFC 6265bis §5.7 step 16, "Leave Secure Cookies Alone").</summary>
    OverwritesSecureCookie,
}
