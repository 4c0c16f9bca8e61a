namespace CorsKit.Cli.Explain;

/// <summary>The verdict under one credentials mode, when the input cannot tell which mode the page used.</summary>
internal sealed record ExplainOutcome(string Credentials, bool Blocked, string? Code, string Parameter);
