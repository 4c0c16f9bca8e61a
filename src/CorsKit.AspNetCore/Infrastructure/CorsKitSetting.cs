namespace CorsKit.AspNetCore.Infrastructure;

/// <summary>The properties of the <c>CorsKit</c> configuration section (<see cref="CorsKitOptions"/>).</summary>
internal enum CorsKitSetting
{
    Policies,
    DefaultPolicy,
    Debug,
    DebugResponseBody,
    AnswerUnhandledExceptions,
    PublishDecision,
}
