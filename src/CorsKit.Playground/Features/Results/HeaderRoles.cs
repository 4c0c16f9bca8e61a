using CorsKit.Model;

namespace CorsKit.Playground.Features.Results;

/// <summary>Which <see cref="HeaderRole"/> a header line plays, and how the page marks it.</summary>
internal static class HeaderRoles
{
    public static HeaderRole OfRequest(string name, RequestClassification? classification)
    {
        if (name.Equals("Origin", StringComparison.OrdinalIgnoreCase) || name.StartsWith("Access-Control-Request-", StringComparison.OrdinalIgnoreCase))
        {
            return HeaderRole.CorsRequest;
        }
        return classification is not null && classification.UnsafeHeaderNames.Contains(name.ToLowerInvariant()) ? HeaderRole.TriggersPreflight : HeaderRole.None;
    }

    public static HeaderRole OfResponse(string name) =>
        name.StartsWith("Access-Control-", StringComparison.OrdinalIgnoreCase) ? HeaderRole.CorsResponse
        : name.Equals("Vary", StringComparison.OrdinalIgnoreCase) ? HeaderRole.Vary
        : HeaderRole.None;

    public static string Css(HeaderRole role) => role switch
    {
        HeaderRole.CorsRequest => "role-cors-request",
        HeaderRole.TriggersPreflight => "role-triggers-preflight",
        HeaderRole.CorsResponse => "role-cors-response",
        HeaderRole.Vary => "role-vary",
        _ => "",
    };

    public static string Title(HeaderRole role) => role switch
    {
        HeaderRole.CorsRequest => "sent by the browser for CORS",
        HeaderRole.TriggersPreflight => "not CORS-safelisted: makes the browser send a preflight",
        HeaderRole.CorsResponse => "read by the browser's CORS check",
        HeaderRole.Vary => "tells caches which request headers the answer depends on",
        _ => "",
    };
}
