using System.Runtime.ExceptionServices;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CorsKit.AspNetCore.Infrastructure;

/// <summary>
/// Outermost middleware (installed by a startup filter). When an exception escapes the whole pipeline after passing
/// through CorsKit and the response has not started, the server would answer 500 and drop every header (Kestrel
/// HttpProtocol.SetErrorResponseHeaders resets them). This answers that 500 itself, with the request's CORS headers,
/// so the browser shows the real status instead of a CORS error.
/// </summary>
internal sealed class UnhandledExceptionMiddleware(RequestDelegate next, IOptionsMonitor<CorsKitOptions> options, ILogger<UnhandledExceptionMiddleware> logger)
{
    public Task Invoke(HttpContext context)
    {
        Task task;
        try
        {
            task = next(context);
        }
        catch (Exception ex)
        {
            return Handle(context, ExceptionDispatchInfo.Capture(ex));
        }
        return task.IsCompletedSuccessfully ? task : Awaited(task, context);
    }

    private async Task Awaited(Task task, HttpContext context)
    {
        try
        {
            await task.ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            await Handle(context, ExceptionDispatchInfo.Capture(ex)).ConfigureAwait(false);
        }
    }

    private Task Handle(HttpContext context, ExceptionDispatchInfo error)
    {
        var state = context.Features.Get<CorsKitRequestState>();
        if (state is null || context.Response.HasStarted || !options.CurrentValue.AnswerUnhandledExceptions
            || error.SourceException is OperationCanceledException && context.RequestAborted.IsCancellationRequested)
        {
            error.Throw();
        }
        Log.UnhandledExceptionAnswered(logger, error.SourceException);
        context.Response.Clear();
        context.Response.StatusCode = StatusCodes.Status500InternalServerError;
        context.Response.ContentLength = 0;
        state!.Apply();
        return Task.CompletedTask;
    }
}

/// <summary>Puts <see cref="UnhandledExceptionMiddleware"/> in front of the application's pipeline.</summary>
internal sealed class UnhandledExceptionStartupFilter : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.UseMiddleware<UnhandledExceptionMiddleware>();
        next(app);
    };
}
