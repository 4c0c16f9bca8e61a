namespace CorsKit.Scenarios;

/// <summary>The gallery's scenarios; <see cref="ScenarioGalleryEntry.Slug"/> is each one's stable text id.</summary>
public enum ScenarioGalleryId
{
    /// <summary>A policy that allows the page's PUT with JSON: the working baseline.</summary>
    PolicyAllowsPut,
    /// <summary>The server echoes any Origin with credentials: every site reads the user's data.</summary>
    ReflectAnyOrigin,
    /// <summary>The server allows the origin <c>null</c> with credentials: any sandboxed iframe reads the user's data.</summary>
    NullOrigin,
    /// <summary><c>Access-Control-Allow-Origin: *</c> with credentials: the browser refuses.</summary>
    WildcardWithCredentials,
    /// <summary>An origin-dependent answer without <c>Vary: Origin</c>: a shared cache serves one origin's answer to another.</summary>
    MissingVary,
    /// <summary>The preflight passes but the error response has no CORS headers: the 500 looks like a CORS error.</summary>
    ErrorWithoutCorsHeaders,
    /// <summary>A JSON POST whose preflight does not allow <c>Content-Type</c>.</summary>
    PreflightWithoutContentType,
    /// <summary>A cross-origin redirect turns the request's origin into <c>null</c>.</summary>
    CrossOriginRedirect,
}
