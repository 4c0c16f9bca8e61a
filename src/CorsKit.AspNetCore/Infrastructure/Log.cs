using CorsKit.Policy;
using Microsoft.Extensions.Logging;

namespace CorsKit.AspNetCore.Infrastructure;

/// <summary>CorsKit's log events. Event ids are fixed and documented in docs/middleware.md.</summary>
internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Debug, "CORS preflight allowed for origin '{Origin}', method '{Method}' (policy '{Policy}').")]
    public static partial void PreflightAllowed(ILogger logger, string origin, string method, string policy);

    [LoggerMessage(2, LogLevel.Information, "CORS {Kind} request from origin '{Origin}' denied (policy '{Policy}'): {Reason}; {Answer}.{HeldBack}")]
    public static partial void Denied(ILogger logger, CorsRequestKind kind, string origin, string policy, string reason, string answer, string heldBack);

    [LoggerMessage(3, LogLevel.Information, "CORS {Kind} request from origin '{Origin}' denied (policy '{Policy}'): {Reason}; {Answer}.")]
    public static partial void DeniedDebug(ILogger logger, CorsRequestKind kind, string origin, string policy, string reason, string answer);

    [LoggerMessage(4, LogLevel.Information, "Report-only CORS policy '{Policy}' would deny this {Kind} request from origin '{Origin}': {Reason}; enforced, it would be {Answer}.{HeldBack}")]
    public static partial void ReportOnlyDenial(ILogger logger, string policy, CorsRequestKind kind, string origin, string reason, string answer, string heldBack);

    [LoggerMessage(7, LogLevel.Information, "{Count} CORS denials were not logged in the last {Seconds} s: more than {Limit} distinct denials in that time (rate limit; Debug mode logs them all).")]
    public static partial void DenialsHeldBack(ILogger logger, int count, int seconds, int limit);

    [LoggerMessage(5, LogLevel.Warning, "The endpoint asks for CORS policy '{Policy}', which does not exist; the request gets no CORS headers.")]
    public static partial void PolicyNotFound(ILogger logger, string policy);

    [LoggerMessage(10, LogLevel.Information, "CORS policies reloaded: {Policies}.")]
    public static partial void PoliciesReloaded(ILogger logger, string policies);

    [LoggerMessage(11, LogLevel.Error, "Reloaded CORS policy '{Policy}' is invalid and was not applied (the previous version stays in force): {Error}")]
    public static partial void ReloadRejected(ILogger logger, string policy, CorsPolicyError error);

    [LoggerMessage(13, LogLevel.Error, "Reloaded CorsKit configuration names default policy '{Policy}', which is not defined; the previous default policy stays in force.")]
    public static partial void DefaultPolicyMissing(ILogger logger, string policy);

    [LoggerMessage(14, LogLevel.Error, "Reloaded CorsKit configuration has an error; the setting was not applied and the previous policy stays in force: {Error}")]
    public static partial void ReloadConfigurationError(ILogger logger, string error);

    [LoggerMessage(12, LogLevel.Warning, "CORS policy '{Policy}': {Warning}")]
    public static partial void PolicyWarning(ILogger logger, string policy, CorsPolicyError warning);

    [LoggerMessage(20, LogLevel.Warning, "The response had already started when the request failed; CORS headers could not be added.")]
    public static partial void ResponseAlreadyStarted(ILogger logger);

    [LoggerMessage(21, LogLevel.Error, "Unhandled exception; CorsKit answered 500 with the request's CORS headers.")]
    public static partial void UnhandledExceptionAnswered(ILogger logger, Exception exception);
}
