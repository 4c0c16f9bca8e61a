namespace CorsKit.Relay;

/// <summary>The rule that refused a request; its <see cref="RelayRules.Name"/> is the first word of the 403's body.</summary>
public enum RelayRule
{
    /// <summary>The request has no <c>Origin</c> header (the relay serves pages; a tool can send one).</summary>
    NoOrigin,

    /// <summary>The <c>Origin</c> is not in the relay's origin allow-list.</summary>
    OriginNotAllowed,

    /// <summary>The client exceeded its requests per minute (429).</summary>
    RateLimited,

    /// <summary>The target is not an absolute http(s) URL written exactly (<c>https:/host</c>, backslashes, spaces).</summary>
    MangledTarget,

    /// <summary>The target URL carries a user name or password.</summary>
    CredentialsInTarget,

    /// <summary>The target is not in the target allow-list.</summary>
    TargetNotAllowed,

    /// <summary>The target resolves only to addresses that are not public (loopback, private, link-local …).</summary>
    NonPublicAddress,

    /// <summary>The target has more redirects than the limit.</summary>
    RedirectLimit,

    /// <summary>The request body is larger than the limit (413).</summary>
    RequestTooLarge,

    /// <summary>The response body is larger than the limit (502).</summary>
    ResponseTooLarge,
}
