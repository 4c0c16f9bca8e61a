namespace CorsKit.Diagnostics.Explain;

/// <summary>The verdict under one credentials mode, when the input cannot tell which mode the page used.</summary>
/// <param name="Credentials">The credentials mode (<c>omit</c>, <c>same-origin</c>, <c>include</c>).</param>
/// <param name="Blocked">True when the browser blocks the response in that mode.</param>
/// <param name="Code">Chromium's CorsError name, or null.</param>
/// <param name="Parameter">Chromium's failed parameter; empty when none.</param>
public sealed record ExplainOutcome(string Credentials, bool Blocked, string? Code, string Parameter);
