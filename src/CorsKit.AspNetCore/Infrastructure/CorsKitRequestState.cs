using CorsKit.Policy;
using Microsoft.AspNetCore.Http;

namespace CorsKit.AspNetCore.Infrastructure;

/// <summary>
/// Request-local CORS decision, created only when an exception passes through the middleware. It holds the latest
/// decision (a re-executed pipeline overwrites it, so the final endpoint decides: the failure mode of
/// dotnet/aspnetcore#68614) and re-applies it when the response starts, after an exception handler has cleared the
/// headers (dotnet/aspnetcore#2378).
/// </summary>
internal sealed class CorsKitRequestState(HttpContext context)
{
    public CorsResult Result { get; set; }

    public void Apply()
    {
        if (!context.Response.HasStarted)
        {
            ResponseHeaders.ApplyActual(context.Response.Headers, Result);
        }
    }

    public static void Record(HttpContext context, in CorsResult result)
    {
        var state = context.Features.Get<CorsKitRequestState>();
        if (state is null)
        {
            state = new CorsKitRequestState(context);
            context.Features.Set(state); // the middleware's OnStarting callback applies it
        }
        state.Result = result;
    }
}
