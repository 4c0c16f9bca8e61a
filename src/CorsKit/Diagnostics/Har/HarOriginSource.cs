namespace CorsKit.Diagnostics.Har;

/// <summary>Where the judge read the page's origin of a HAR request from, most reliable first.</summary>
public enum HarOriginSource
{
    /// <summary>The request's own <c>Origin</c> header (what the server saw).</summary>
    OriginHeader,
    /// <summary>The <c>Origin</c> header of its preflight (Chromium records none on a request its preflight stopped).</summary>
    PreflightOrigin,
    /// <summary>The origin of the request's <c>Referer</c>.</summary>
    Referer,
    /// <summary>The origin of the page (<c>log.pages[].title</c>) the entry belongs to.</summary>
    Page,
}
