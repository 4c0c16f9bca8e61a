namespace CorsKit.Policy;

/// <summary>What is wrong with a policy setting (or, for warnings, what deserves attention).</summary>
public enum CorsPolicyErrorKind
{
    /// <summary>The policy file is not valid JSON (the message gives the 1-based line and column).</summary>
    InvalidJson,
    /// <summary>No origin is allowed; CorsKit has no default origin list.</summary>
    NoOrigins,
    /// <summary><c>*</c> together with credentials: browsers reject it, and reflecting instead would trust every site.</summary>
    WildcardOriginWithCredentials,
    /// <summary>The <c>null</c> origin: sandboxed iframes, <c>data:</c> URLs and redirects share it, so allowing it allows them all.</summary>
    NullOrigin,
    /// <summary>A <c>file://</c> origin: browsers serialize it as <c>null</c>.</summary>
    FileOrigin,
    /// <summary>Not an origin a browser could send (bad syntax, user info, port out of range, …).</summary>
    InvalidOrigin,
    /// <summary>A valid origin or pattern not written in canonical form (trailing slash, path, uppercase, default port);
    /// browsers send the canonical form, so this entry would never match. The message gives the canonical form.</summary>
    NonCanonicalOrigin,
    /// <summary>A plain-<c>http</c> origin (other than localhost or loopback) together with credentials.</summary>
    InsecureOriginWithCredentials,
    /// <summary>A subdomain pattern of a public suffix (<c>https://*.com</c>, <c>https://*.github.io</c>) with credentials.</summary>
    PublicSuffixWildcardWithCredentials,
    /// <summary>A <c>*</c> in a place where CorsKit does not accept one (only <c>*.</c> at the start of the host and
    /// <c>:*</c> as the port are patterns).</summary>
    InvalidOriginPattern,
    /// <summary>Not an HTTP token.</summary>
    InvalidMethod,
    /// <summary><c>CONNECT</c>, <c>TRACE</c> or <c>TRACK</c>: browsers never send them (Fetch "forbidden method").</summary>
    ForbiddenMethod,
    /// <summary>Not a valid header name (HTTP token).</summary>
    InvalidHeaderName,
    /// <summary>A header a page can never set (Fetch "forbidden request-header", in every browser), or a CORS
    /// response header listed as a request header by mistake.</summary>
    ForbiddenRequestHeader,
    /// <summary><c>Set-Cookie</c>/<c>Set-Cookie2</c>: browsers never expose them (Fetch "forbidden response-header name").</summary>
    ForbiddenExposedHeader,
    /// <summary><c>*</c> in expose headers with credentials: browsers then read it as a header literally named <c>*</c>.</summary>
    WildcardExposeWithCredentials,
    /// <summary>Max-age outside [0, 86400] seconds.</summary>
    MaxAgeOutOfRange,
    /// <summary>Warning: max-age above what some browsers honour (Chromium caps at 7200 s, WebKit at 600 s).</summary>
    MaxAgeAboveBrowserCap,
    /// <summary>The preflight success status is not a 2xx status.</summary>
    InvalidPreflightStatus,
    /// <summary>Private Network Access together with <c>*</c>.</summary>
    PrivateNetworkWithWildcardOrigin,
    /// <summary>Warning: an entry has no effect (a duplicate, a safelisted response header, an origin already covered by
    /// a pattern).</summary>
    Redundant,
    /// <summary>A property that is not a policy setting (a typo such as <c>credential</c>); the message suggests the
    /// closest setting.</summary>
    UnknownSetting,
    /// <summary>A setting whose value has the wrong type (a string where a list, a boolean or a whole number belongs).</summary>
    InvalidSettingValue,
}

/// <summary>One problem found while validating <see cref="CorsPolicyOptions"/>.</summary>
/// <param name="Kind">The kind of problem (stable; use it to localise or map to RFC 9457 problem types).</param>
/// <param name="Setting">The setting it concerns, as in the policy file: <c>origins</c>, <c>methods</c>, <c>maxAge</c>, …</param>
/// <param name="Value">The offending value, when there is one.</param>
/// <param name="Message">A sentence saying what is wrong and what to write instead.</param>
public sealed record CorsPolicyError(CorsPolicyErrorKind Kind, string Setting, string? Value, string Message)
{
    /// <inheritdoc />
    public override string ToString() => $"{Setting}: {Message}";
}

/// <summary>
/// Thrown when a policy is invalid. <see cref="Errors"/> lists every problem found, not just the first.
/// </summary>
public sealed class CorsPolicyValidationException : Exception
{
    /// <summary>Creates the exception from the full list of errors.</summary>
    public CorsPolicyValidationException(IReadOnlyList<CorsPolicyError> errors)
        : base(Describe(errors, null))
    {
        Errors = errors;
    }

    /// <summary>Creates the exception for a named policy.</summary>
    public CorsPolicyValidationException(string policyName, IReadOnlyList<CorsPolicyError> errors)
        : base(Describe(errors, policyName))
    {
        PolicyName = policyName;
        Errors = errors;
    }

    /// <summary>The name of the policy, when it has one.</summary>
    public string? PolicyName { get; }

    /// <summary>Every error found, in the order of the settings.</summary>
    public IReadOnlyList<CorsPolicyError> Errors { get; }

    private static string Describe(IReadOnlyList<CorsPolicyError> errors, string? name)
    {
        var head = name is null ? "Invalid CORS policy" : $"Invalid CORS policy '{name}'";
        return $"{head} ({errors.Count} error{(errors.Count == 1 ? "" : "s")}):" + string.Concat(errors.Select(e => "\n - " + e));
    }
}
