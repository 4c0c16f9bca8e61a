using CorsKit.Model;

namespace CorsKit.Scenarios;

/// <summary>The classic CORS mistakes (and one working baseline) as scenarios the playground loads in one click.</summary>
public static class ScenarioGallery
{
    private const string Page = "https://app.example";
    private const string Api = "https://api.example";

    /// <summary>Every entry, in the order the page shows them.</summary>
    public static IReadOnlyList<ScenarioGalleryEntry> Entries { get; } =
    [
        new(ScenarioGalleryId.PolicyAllowsPut, "policy-allows-put", "A policy that works",
            "A CorsKit policy allows the page's PUT with a JSON body: the preflight asks for PUT and content-type, the policy grants exactly that.",
            new Scenario
            {
                Url = Api + "/items/7",
                Method = "PUT",
                Headers = ["Content-Type: application/json"],
                Body = "{\"name\":\"seven\"}",
                Browser = ScenarioBrowser.All,
                Server = new ScenarioServerDescription
                {
                    Policy = "{\n  \"origins\": [\"" + Page + "\"],\n  \"methods\": [\"PUT\", \"DELETE\"],\n  \"requestHeaders\": [\"Content-Type\"],\n  \"exposeHeaders\": [\"X-Request-Id\"],\n  \"maxAge\": 600\n}",
                    ActualHeaders = ["Content-Type: application/json", "X-Request-Id: 42"],
                },
            }),
        new(ScenarioGalleryId.ReflectAnyOrigin, "reflect-any-origin", "Reflecting any origin",
            "The server copies every Origin into Access-Control-Allow-Origin and allows credentials, so the browser lets any site (here https://evil.example) read the user's data with the user's cookies. Allow an exact list of origins instead.",
            new Scenario
            {
                PageOrigin = "https://evil.example",
                Url = Api + "/account",
                Credentials = CredentialsMode.Include,
                Server = new ScenarioServerDescription
                {
                    Kind = ScenarioServerKind.Raw,
                    ActualHeaders = ["Access-Control-Allow-Origin: " + ScenarioServer.OriginPlaceholder, "Access-Control-Allow-Credentials: true", "Vary: Origin", "Content-Type: application/json"],
                },
            }),
        new(ScenarioGalleryId.NullOrigin, "null-origin", "Allowing the origin null",
            "The server allows Origin: null with credentials. Every sandboxed iframe, data: URL and file:// page sends null, so any site can frame a sandboxed page and read the user's data.",
            new Scenario
            {
                PageOrigin = "null",
                Url = Api + "/account",
                Credentials = CredentialsMode.Include,
                Server = new ScenarioServerDescription
                {
                    Kind = ScenarioServerKind.Raw,
                    ActualHeaders = ["Access-Control-Allow-Origin: null", "Access-Control-Allow-Credentials: true", "Vary: Origin", "Content-Type: application/json"],
                },
            }),
        new(ScenarioGalleryId.WildcardWithCredentials, "wildcard-with-credentials", "* with credentials",
            "With credentials the browser refuses Access-Control-Allow-Origin: *; the server must name the origin (from an exact list) and send Access-Control-Allow-Credentials: true.",
            new Scenario
            {
                Url = Api + "/account",
                Credentials = CredentialsMode.Include,
                Server = new ScenarioServerDescription
                {
                    Kind = ScenarioServerKind.Raw,
                    ActualHeaders = ["Access-Control-Allow-Origin: *", "Access-Control-Allow-Credentials: true", "Content-Type: application/json"],
                },
            }),
        new(ScenarioGalleryId.MissingVary, "missing-vary", "No Vary: Origin",
            "The answer names the page's origin but does not say Vary: Origin. The browser allows it, but a shared cache (CDN, proxy) may serve this response to another origin, which the browser then blocks: the failure comes and goes.",
            new Scenario
            {
                Url = Api + "/data",
                Server = new ScenarioServerDescription
                {
                    Kind = ScenarioServerKind.Raw,
                    ActualHeaders = ["Access-Control-Allow-Origin: " + Page, "Cache-Control: public, max-age=3600", "Content-Type: application/json"],
                },
            }),
        new(ScenarioGalleryId.ErrorWithoutCorsHeaders, "error-without-cors-headers", "Errors without CORS headers",
            "The preflight passes, but the server answers the PUT with a 500 that carries no CORS headers (an error handler that bypasses the CORS layer). The browser reports a CORS error and hides the real one.",
            new Scenario
            {
                Url = Api + "/items/7",
                Method = "PUT",
                Headers = ["Content-Type: application/json"],
                Body = "{\"name\":\"seven\"}",
                Server = new ScenarioServerDescription
                {
                    Kind = ScenarioServerKind.Raw,
                    PreflightHeaders = ["Access-Control-Allow-Origin: " + Page, "Access-Control-Allow-Methods: PUT", "Access-Control-Allow-Headers: Content-Type", "Vary: Origin"],
                    ActualStatus = 500,
                    ActualHeaders = ["Content-Type: text/plain"],
                },
            }),
        new(ScenarioGalleryId.PreflightWithoutContentType, "preflight-without-content-type", "Preflight without Content-Type",
            "A JSON POST needs a preflight because of its Content-Type, and the policy does not list Content-Type among its request headers, so the preflight answer does not allow it.",
            new Scenario
            {
                Url = Api + "/items",
                Method = "POST",
                Headers = ["Content-Type: application/json"],
                Body = "{\"name\":\"new\"}",
                Server = new ScenarioServerDescription
                {
                    Policy = "{\n  \"origins\": [\"" + Page + "\"],\n  \"methods\": [\"POST\"]\n}",
                    ActualStatus = 201,
                    ActualHeaders = ["Content-Type: application/json"],
                },
            }),
        new(ScenarioGalleryId.CrossOriginRedirect, "cross-origin-redirect", "A redirect to another origin",
            "The API redirects to another origin. After a cross-origin redirect the request's origin is null (Fetch §4.4 HTTP-redirect fetch: the tainted origin flag), so the second server must allow null or *; better, call the final URL directly.",
            new Scenario
            {
                Url = Api + "/old",
                Server = new ScenarioServerDescription
                {
                    Kind = ScenarioServerKind.Raw,
                    ActualHeaders = ["Access-Control-Allow-Origin: " + Page, "Vary: Origin", "Content-Type: application/json"],
                    Redirects = [new ScenarioRedirect(302, "https://cdn.example/new")],
                },
            }),
    ];

    /// <summary>The entry whose slug is <paramref name="slug"/>, or null.</summary>
    public static ScenarioGalleryEntry? Find(string? slug) => Entries.FirstOrDefault(e => string.Equals(e.Slug, slug, StringComparison.Ordinal));

    /// <summary>The entry for <paramref name="id"/>.</summary>
    public static ScenarioGalleryEntry Get(ScenarioGalleryId id) => Entries.First(e => e.Id == id);
}
