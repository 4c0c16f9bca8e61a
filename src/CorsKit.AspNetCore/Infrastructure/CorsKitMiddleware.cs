using CorsKit.Policy;
using ICorsMetadata = Microsoft.AspNetCore.Cors.Infrastructure.ICorsMetadata;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace CorsKit.AspNetCore.Infrastructure;

/// <summary>
/// The CorsKit middleware. Requests are classified as the Fetch standard does (§3.2.2: a preflight is exactly
/// <c>OPTIONS</c> with <c>Origin</c> and <c>Access-Control-Request-Method</c>; every other <c>OPTIONS</c> goes to the
/// app). Preflights are answered here, validated on the server, and never reach routing's 405. Actual requests get
/// their headers before the app runs, and again when the response starts if an exception handler cleared them.
/// </summary>
internal sealed class CorsKitMiddleware
{
    // EndpointMiddleware refuses endpoints with ICorsMetadata unless a CORS middleware ran and set this item.
    private const string CorsMiddlewareInvokedKey = "__CorsMiddlewareWithEndpointInvoked";
    private static readonly object BoxedTrue = true;

    private readonly RequestDelegate _next;
    private readonly CorsKitPolicyProvider _provider;
    private readonly CorsKitMetrics _metrics;
    private readonly ILogger _logger;
    private readonly string? _policyName;

    public CorsKitMiddleware(RequestDelegate next, CorsKitPolicyProvider provider, CorsKitMetrics metrics,
        ILogger<CorsKitMiddleware> logger, string? policyName)
    {
        _next = next;
        _provider = provider;
        _metrics = metrics;
        _logger = logger;
        _policyName = policyName;
        _afterException = AfterException;
    }

    private readonly Func<object, Task> _afterException;

    /// <summary>
    /// Registered on every actual response whose headers vary by origin; its state is the response's header
    /// collection, so the check costs one read. It makes sure <c>Vary: Origin</c> survived an application that assigned
    /// <c>Vary</c> instead of appending to it (MVC's <c>[ResponseCache(VaryByHeader = ...)]</c> does), which would let a
    /// shared cache serve one origin's answer to another (RFC 9110 §12.5.5). A stray <c>Origin</c> after a
    /// re-execution onto an endpoint without CORS costs some cacheability and nothing else.
    /// </summary>
    private static readonly Func<object, Task> GuardVary = static state =>
    {
        var headers = (IHeaderDictionary)state;
        if (!ResponseHeaders.VaryIsUntouched(headers, CorsPolicy.VaryOrigin))
        {
            ResponseHeaders.AddVary(headers, CorsPolicy.VaryOrigin);
        }
        return Task.CompletedTask;
    };

    /// <summary>
    /// Registered only when an exception passed through the middleware (it runs before <see cref="GuardVary"/>:
    /// response-start callbacks run last registered, first run). Exception handlers (UseExceptionHandler, the
    /// developer exception page) call <c>Response.Clear()</c>; this puts the recorded decision back, unless the
    /// pipeline was re-executed onto another endpoint, which then decides (dotnet/aspnetcore#68614).
    /// </summary>
    private Task AfterException(object state)
    {
        var context = (HttpContext)state;
        var headers = context.Response.Headers;
        if (ResponseHeaders.VaryIsUntouched(headers, CorsPolicy.VaryOrigin)
            || context.Features.Get<CorsKitRequestState>() is not { } recorded)
        {
            // A re-executed pass through this middleware wrote the headers again: they are the final endpoint's.
            return Task.CompletedTask;
        }
        var endpoint = EndpointOf(context);
        if (endpoint is null || ReferenceEquals(endpoint, recorded.Endpoint))
        {
            recorded.Apply();
            return Task.CompletedTask;
        }
        var final = Resolve(context, _provider.Current, out _);
        var origins = context.Request.Headers.Origin;
        var result = final is null || final.IsReportOnly ? default : final.EvaluateActual(origins.Count switch { 0 => null, 1 => origins[0], _ => "" });
        ResponseHeaders.ApplyActual(headers, result);
        return Task.CompletedTask;
    }

    /// <summary>Records the decision when an exception passes through, and arranges for it to be re-applied when the
    /// error response starts.</summary>
    private void RecordException(HttpContext context, in CorsResult result)
    {
        if (CorsKitRequestState.Record(context, result) && !context.Response.HasStarted)
        {
            context.Response.OnStarting(_afterException, context);
        }
    }

    public Task Invoke(HttpContext context)
    {
        var snapshot = _provider.Current;
        var policy = Resolve(context, snapshot, out var policyName);
        if (policy is null)
        {
            if (!context.Response.HasStarted && context.Response.Headers.Count != 0
                && (context.Features.Get<IStatusCodeReExecuteFeature>() is not null || context.Features.Get<IExceptionHandlerFeature>() is not null))
            {
                // Re-executed (status-code pages) onto an endpoint without CorsKit: the first endpoint's headers go.
                ResponseHeaders.ApplyActual(context.Response.Headers, default);
            }
            return _next(context);
        }

        var request = context.Request;
        var requestHeaders = request.Headers;
        var originValues = requestHeaders.Origin;
        // Several Origin lines are not something a browser sends: evaluate as an origin that matches nothing.
        string? origin = originValues.Count switch { 0 => null, 1 => originValues[0], _ => "" };

        // Typed header properties: under Kestrel, known request headers are fields, so these reads are not lookups.
        // The method is tested first: it is a field on every server, while a header read is a hash lookup in
        // DefaultHttpContext's dictionary (TestHost), which actual requests would pay for nothing.
        StringValues acrm;
        if (origin is not null && HttpMethods.IsOptions(request.Method)
            && (acrm = requestHeaders.AccessControlRequestMethod).Count != 0)
        {
            return Preflight(context, requestHeaders, policy, policyName, snapshot.Options, origin, acrm);
        }

        CorsResult result;
        if (origin is null)
        {
            result = policy.EvaluateActual(null);
        }
        else if (policy.IsOriginAllowed(origin))
        {
            result = policy.AllowActualOrigin(origin);
        }
        else
        {
            return DenyActual(context, policy, policyName, snapshot.Options, origin);
        }
        _metrics.Record(result);
        if (policy.IsReportOnly)
        {
            return _next(context);
        }
        var responseHeaders = context.Response.Headers;
        if (context.Response.HasStarted)
        {
            Log.ResponseAlreadyStarted(_logger);
        }
        else
        {
            ResponseHeaders.ApplyActual(responseHeaders, result);
            if (result.Vary is not null)
            {
                context.Response.OnStarting(GuardVary, responseHeaders);
            }
        }
        Task task;
        try
        {
            task = _next(context);
        }
        catch (Exception)
        {
            RecordException(context, result);
            throw;
        }
        return task.IsCompletedSuccessfully ? task : AwaitNext(task, context, result);
    }

    /// <summary>
    /// An actual request from an origin the policy does not allow: the most common hostile or misrouted request, so
    /// it has its own path that builds no <see cref="CorsResult"/> unless something (a log, an exception) needs one.
    /// The response gets <c>Vary: Origin</c> and nothing else (Fetch §4.10: without <c>Access-Control-Allow-Origin</c>
    /// the browser blocks the read; the request itself still reaches the app, as a simple request always does).
    /// </summary>
    private Task DenyActual(HttpContext context, CorsPolicy policy, string policyName, CorsKitOptions options, string origin)
    {
        _metrics.RecordOriginRejected();
        if (ReportOriginRejection(options, policy, policyName, origin, preflight: false))
        {
            return _next(context);
        }
        var response = context.Response;
        if (response.HasStarted)
        {
            Log.ResponseAlreadyStarted(_logger);
        }
        else
        {
            var headers = response.Headers;
            if (headers.Count == 0)
            {
                headers.Vary = CorsPolicy.VaryOrigin; // nothing to remove or merge with
            }
            else
            {
                ResponseHeaders.ApplyActual(headers, policy.DenyActualOrigin(origin));
            }
            response.OnStarting(GuardVary, headers);
        }
        Task task;
        try
        {
            task = _next(context);
        }
        catch (Exception)
        {
            RecordException(context, policy.DenyActualOrigin(origin));
            throw;
        }
        return task.IsCompletedSuccessfully ? task : AwaitNext(task, context, policy.DenyActualOrigin(origin));
    }

    private async Task AwaitNext(Task task, HttpContext context, CorsResult result)
    {
        try
        {
            await task.ConfigureAwait(false);
        }
        catch (Exception)
        {
            RecordException(context, result);
            throw;
        }
    }

    private Task Preflight(HttpContext context, IHeaderDictionary requestHeaders, CorsPolicy policy, string policyName, CorsKitOptions options,
        string origin, StringValues acrm)
    {
        var method = acrm.Count == 1 ? acrm[0] ?? "" : acrm.ToString();
        StringValues acrh = default;

        if (!policy.IsOriginAllowed(origin))
        {
            // Denied on the first check: the other request headers need not even be read.
            return DenyPreflightOrigin(context, policy, policyName, options, origin);
        }
        CorsResult result;
        if ((acrh = requestHeaders.AccessControlRequestHeaders).Count <= 1)
        {
            var line = acrh.Count == 0 ? null : acrh[0];
            result = policy.EvaluateAllowedOriginPreflight(origin, method, new ReadOnlySpan<string?>(in line), PrivateNetworkRequest(requestHeaders));
        }
        else
        {
            string?[] lines = acrh!;
            result = policy.EvaluateAllowedOriginPreflight(origin, method, lines, PrivateNetworkRequest(requestHeaders));
        }
        _metrics.Record(result);

        if (result.IsDenied)
        {
            LogRejection(options, policy, policyName, result);
        }
        else if (_logger.IsEnabled(LogLevel.Debug))
        {
            Log.PreflightAllowed(_logger, origin, method, policyName);
        }
        if (policy.IsReportOnly)
        {
            return _next(context);
        }

        var response = context.Response;
        if (result.IsDenied)
        {
            // 403 without CORS headers: the browser reports a CORS error and the policy is not disclosed.
            response.StatusCode = StatusCodes.Status403Forbidden;
            var responseHeaders = response.Headers;
            if (responseHeaders.Count == 0)
            {
                responseHeaders.Vary = result.Vary;
            }
            else
            {
                ResponseHeaders.AddVary(responseHeaders, result.Vary!);
            }
            if (options.Debug && options.DebugResponseBody)
            {
                response.ContentType = "text/plain; charset=utf-8";
                return response.WriteAsync("CORS preflight rejected: " + result.Describe() + ".\n");
            }
            return Task.CompletedTask;
        }
        ResponseHeaders.ApplyPreflight(response.Headers, result, acrh);
        response.StatusCode = policy.PreflightSuccessStatus;
        return Task.CompletedTask;
    }

    /// <summary>A preflight from an origin the policy does not allow: 403, <c>Vary</c> and no CORS header. Like
    /// <see cref="DenyActual"/>, it builds no <see cref="CorsResult"/> unless a log or the debug body needs one.</summary>
    private Task DenyPreflightOrigin(HttpContext context, CorsPolicy policy, string policyName, CorsKitOptions options, string origin)
    {
        _metrics.RecordPreflightOriginRejected();
        if (ReportOriginRejection(options, policy, policyName, origin, preflight: true))
        {
            return _next(context);
        }
        var response = context.Response;
        response.StatusCode = StatusCodes.Status403Forbidden;
        var responseHeaders = response.Headers;
        if (responseHeaders.Count == 0)
        {
            responseHeaders.Vary = policy.PreflightVary;
        }
        else
        {
            ResponseHeaders.AddVary(responseHeaders, policy.PreflightVary);
        }
        if (options.Debug && options.DebugResponseBody)
        {
            response.ContentType = "text/plain; charset=utf-8";
            return response.WriteAsync("CORS preflight rejected: " + policy.DenyPreflightOrigin(origin).Describe() + ".\n");
        }
        return Task.CompletedTask;
    }

    /// <summary>Logs an origin rejection when a log will be written (the result is built only then); true when the
    /// policy is report-only, so the caller passes the request on untouched.</summary>
    private bool ReportOriginRejection(CorsKitOptions options, CorsPolicy policy, string policyName, string origin, bool preflight)
    {
        if (policy.IsReportOnly || options.Debug || _logger.IsEnabled(LogLevel.Debug))
        {
            LogRejection(options, policy, policyName, preflight ? policy.DenyPreflightOrigin(origin) : policy.DenyActualOrigin(origin));
        }
        return policy.IsReportOnly;
    }

    private static string? PrivateNetworkRequest(IHeaderDictionary headers) =>
        headers.TryGetValue(ResponseHeaders.RequestPrivateNetwork, out var values) ? values.ToString() : null;

    private void LogRejection(CorsKitOptions options, CorsPolicy policy, string policyName, in CorsResult result)
    {
        if (policy.IsReportOnly)
        {
            if (_logger.IsEnabled(LogLevel.Information))
            {
                Log.ReportOnlyRejection(_logger, policyName, result.Kind, result.Describe());
            }
        }
        else if (options.Debug)
        {
            if (_logger.IsEnabled(LogLevel.Information))
            {
                Log.RejectedDebug(_logger, result.Kind, policyName, result.Describe());
            }
        }
        else if (_logger.IsEnabled(LogLevel.Debug))
        {
            Log.Rejected(_logger, result.Kind, policyName, result.Describe());
        }
    }

    /// <summary>
    /// <c>HttpContext.GetEndpoint()</c> without its cost: that extension calls <c>Features.Get&lt;IEndpointFeature&gt;()</c>,
    /// a generic virtual method on an interface, which the runtime resolves through a dispatch helper on every call;
    /// the <see cref="IFeatureCollection"/> indexer returns the same feature through an ordinary interface call.
    /// </summary>
    internal static Endpoint? EndpointOf(HttpContext context) =>
        (context.Features[typeof(IEndpointFeature)] as IEndpointFeature)?.Endpoint;

    private CorsPolicy? Resolve(HttpContext context, PolicySnapshot snapshot, out string name)
    {
        var endpoint = EndpointOf(context);
        if (endpoint is not null)
        {
            var metadata = endpoint.Metadata;
            if (metadata.GetMetadata<ICorsMetadata>() is not null)
            {
                context.Items[CorsMiddlewareInvokedKey] = BoxedTrue;
            }
            if (metadata.GetMetadata<IDisableCorsKitMetadata>() is not null)
            {
                name = "";
                return null;
            }
            if (metadata.GetMetadata<ICorsKitPolicyMetadata>() is { } named)
            {
                name = named.PolicyName;
                if (named is CorsKitPolicyMetadata carried)
                {
                    // The endpoint carries its compiled policy (a gateway route): nothing to look up.
                    return carried.Policy;
                }
                if (snapshot.Policies.TryGetValue(named.PolicyName, out var endpointPolicy))
                {
                    return endpointPolicy;
                }
                Log.PolicyNotFound(_logger, named.PolicyName);
                return null;
            }
        }
        if (_policyName is not null)
        {
            name = _policyName;
            if (snapshot.Policies.TryGetValue(_policyName, out var p))
            {
                return p;
            }
            Log.PolicyNotFound(_logger, _policyName);
            return null;
        }
        name = snapshot.DefaultName ?? "";
        return snapshot.Default;
    }
}
