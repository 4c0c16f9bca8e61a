using CorsKit.Policy;
using Microsoft.AspNetCore.Http;

namespace CorsKit.AspNetCore.Infrastructure;

/// <summary>
/// Request-local CORS decision, created only when an exception passes through the middleware, with the endpoint that
/// made it. The middleware's response-start callback re-applies it after an exception handler has cleared the headers
/// (dotnet/aspnetcore#2378), unless the pipeline was re-executed onto another endpoint, which then decides
/// (dotnet/aspnetcore#68614).
/// </summary>
internal sealed class CorsKitRequestState(HttpContext context)
{
    public CorsResult Result { get; set; }

    /// <summary>The endpoint whose policy made <see cref="Result"/>.</summary>
    public Endpoint? Endpoint { get; set; }

    public void Apply()
    {
        if (!context.Response.HasStarted)
        {
            ResponseHeaders.ApplyActual(context.Response.Headers, Result);
        }
    }

    /// <summary>Records <paramref name="result"/> for the request; true when this is the request's first record (the
    /// caller then registers the callback that applies it).</summary>
    public static bool Record(HttpContext context, in CorsResult result)
    {
        var state = context.Features.Get<CorsKitRequestState>();
        var created = state is null;
        if (state is null)
        {
            state = new CorsKitRequestState(context);
            context.Features.Set(state);
        }
        state.Result = result;
        state.Endpoint = CorsKitMiddleware.EndpointOf(context);
        return created;
    }
}
