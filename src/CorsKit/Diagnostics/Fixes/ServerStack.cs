namespace CorsKit.Diagnostics.Fixes;

/// <summary>The server stacks check writes a configuration snippet for (<c>--stack NAME</c>; names in
/// <see cref="StackDetector.Name"/>). Detected from the responses by <see cref="StackDetector"/>.</summary>
public enum ServerStack
{
    /// <summary>ASP.NET Core on Kestrel, with Microsoft.AspNetCore.Cors.</summary>
    AspNetCore,
    /// <summary>ASP.NET Core with CorsKit's own middleware.</summary>
    CorsKit,
    /// <summary>Node.js Express with the cors package.</summary>
    Express,
    /// <summary>nginx in front of the application.</summary>
    Nginx,
    /// <summary>Flask with Flask-CORS.</summary>
    Flask,
    /// <summary>Django with django-cors-headers.</summary>
    Django,
    /// <summary>Starlette or FastAPI with CORSMiddleware.</summary>
    Starlette,
    /// <summary>Go net/http with github.com/rs/cors.</summary>
    Go,
    /// <summary>Spring (Spring MVC / Spring Boot) CORS configuration.</summary>
    Spring,
}
