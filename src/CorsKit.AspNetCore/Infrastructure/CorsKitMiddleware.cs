using CorsKit.Policy;
using CorsKit.Policy.Infrastructure;
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
    private readonly DenialLogLimiter _denialLog = new(TimeProvider.System);

    // The decisions of the policy used last: most pipelines decide with one policy, so finding its shared decisions
    // is one reference compare; another policy costs one weak-table lookup (PolicyDecisions.For).
    private PolicyDecisions? _lastDecisions;

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

        var decisions = DecisionsOf(policy);
        CorsResult result;
        CorsKitDecision decision;
        if (origin is null)
        {
            result = policy.EvaluateActual(null);
            decision = decisions.NoOrigin;
        }
        else if (policy.IsOriginAllowed(origin))
        {
            result = policy.AllowActualOrigin(origin);
            decision = decisions.Allowed;
        }
        else
        {
            return DenyActual(context, policy, policyName, snapshot.Options, origin, decisions.Denied);
        }
        Decide(context, snapshot.Options, decision);
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
    private Task DenyActual(HttpContext context, CorsPolicy policy, string policyName, CorsKitOptions options, string origin, CorsKitDecision decision)
    {
        if (DecideOriginDenial(context, policy, policyName, options, origin, decision))
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

        var decisions = DecisionsOf(policy);
        if (!policy.IsOriginAllowed(origin))
        {
            // Denied on the first check: the other request headers need not even be read.
            return DenyPreflightOrigin(context, policy, policyName, options, origin, decisions.PreflightDenied);
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
        // A denial's value (method, header) is carried only by a published decision; unpublished, the shared one per
        // reason serves the log (which takes its sentence from the result) and the metrics, and nothing is allocated.
        var decision = !result.IsDenied ? decisions.PreflightAllowed
            : options.PublishDecision && result.RejectedValue is not null
                ? new CorsKitDecision(policy, CorsKitOutcome.PreflightDenied, result.Rejection, result.RejectedValue)
                : decisions.PreflightDeniedFor(result.Rejection);
        Decide(context, options, decision);

        if (result.IsDenied)
        {
            if (_logger.IsEnabled(LogLevel.Information))
            {
                LogDenial(options, policy, policyName, origin, decision, result);
            }
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
        if (result.IsDenied && !result.IsExplainedDenial)
        {
            // 403 without CORS headers: private network access the policy refuses, or Access-Control-Request-Headers
            // no browser sends (malformed, oversized); nothing is disclosed. An allowed origin's method or header
            // denial falls through: a 2xx with the policy's own lists, so the browser names the cause (Fetch §4.8).
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
    private Task DenyPreflightOrigin(HttpContext context, CorsPolicy policy, string policyName, CorsKitOptions options, string origin, CorsKitDecision decision)
    {
        if (DecideOriginDenial(context, policy, policyName, options, origin, decision))
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

    private static string? PrivateNetworkRequest(IHeaderDictionary headers) =>
        headers.TryGetValue(ResponseHeaders.RequestPrivateNetwork, out var values) ? values.ToString() : null;

    /// <summary>
    /// Logs a denial at Information: every one in Debug mode (event 3), otherwise as <see cref="DenialLogLimiter"/>
    /// lets through (event 2; event 4 for a report-only policy, which says what enforcing would have answered). The
    /// verdict is the request's decision; <paramref name="result"/> only supplies its sentence.
    /// </summary>
    private void LogDenial(CorsKitOptions options, CorsPolicy policy, string policyName, string origin, CorsKitDecision decision, in CorsResult result)
    {
        var kind = decision.IsPreflight ? CorsRequestKind.Preflight : CorsRequestKind.Actual;
        var shown = origin.Length > CorsLimits.MaxOriginLength ? origin[..CorsLimits.MaxOriginLength] + "…" : origin;
        if (options.Debug)
        {
            if (decision.IsReportOnly)
            {
                Log.ReportOnlyDenial(_logger, policyName, kind, shown, result.Describe(), Answer(policy, decision, result), "");
            }
            else
            {
                Log.DeniedDebug(_logger, kind, shown, policyName, result.Describe(), Answer(policy, decision, result));
            }
            return;
        }
        var verdict = _denialLog.Enter(policyName, kind, decision.Reason, origin);
        if (verdict.HeldBackOverall > 0)
        {
            Log.DenialsHeldBack(_logger, verdict.HeldBackOverall, (int)DenialLogLimiter.Interval.TotalSeconds, DenialLogLimiter.MaxPerInterval);
        }
        if (!verdict.Log)
        {
            return;
        }
        var heldBack = verdict.HeldBackForKey == 0 ? ""
            : $" {verdict.HeldBackForKey} more like it since the last such event were not logged (rate limit: one per {(int)DenialLogLimiter.Interval.TotalSeconds} s per policy, reason and origin).";
        if (decision.IsReportOnly)
        {
            Log.ReportOnlyDenial(_logger, policyName, kind, shown, result.Describe(), Answer(policy, decision, result), heldBack);
        }
        else
        {
            Log.Denied(_logger, kind, shown, policyName, result.Describe(), Answer(policy, decision, result), heldBack);
        }
    }

    /// <summary>How the denial is (or, report-only, would be) answered, for the log.</summary>
    private static string Answer(CorsPolicy policy, CorsKitDecision decision, in CorsResult result) =>
        !decision.IsPreflight ? "answered without Access-Control-Allow-Origin, so the browser blocks the read"
        : result.IsExplainedDenial
            ? $"answered {policy.PreflightSuccessStatus} with the policy's Access-Control-Allow-Methods and -Allow-Headers, so the browser names the {(decision.Reason == CorsRejection.MethodNotAllowed ? "method" : "header")}"
            : "answered 403 without CORS headers";

    private PolicyDecisions DecisionsOf(CorsPolicy policy)
    {
        var last = _lastDecisions;
        if (last is not null && ReferenceEquals(last.Policy, policy))
        {
            return last;
        }
        return _lastDecisions = PolicyDecisions.For(policy);
    }

    /// <summary>Counts the decision and, when <see cref="CorsKitOptions.PublishDecision"/> asks for it, puts it on the
    /// request (<see cref="ICorsKitDecisionFeature"/>; the indexer, for the reason given at <see cref="EndpointOf"/>).
    /// Off by default: a feature set bumps the collection's revision, and every feature read after it (here and in
    /// the application) is looked up again, which doubled the middleware's own cost in the benchmarks.</summary>
    private void Decide(HttpContext context, CorsKitOptions options, CorsKitDecision decision)
    {
        if (options.PublishDecision)
        {
            context.Features[typeof(ICorsKitDecisionFeature)] = decision;
        }
        _metrics.Record(decision);
    }

    /// <summary>Records and logs a denial for the origin (the result, only a log's sentence, is built only when a log
    /// may be written); true when the policy is report-only, so the caller passes the request on untouched.</summary>
    private bool DecideOriginDenial(HttpContext context, CorsPolicy policy, string policyName, CorsKitOptions options, string origin, CorsKitDecision decision)
    {
        Decide(context, options, decision);
        if (_logger.IsEnabled(LogLevel.Information))
        {
            LogDenial(options, policy, policyName, origin, decision,
                decision.IsPreflight ? policy.DenyPreflightOrigin(origin) : policy.DenyActualOrigin(origin));
        }
        return policy.IsReportOnly;
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
