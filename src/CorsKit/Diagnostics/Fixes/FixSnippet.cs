namespace CorsKit.Diagnostics.Fixes;

/// <summary>A configuration snippet for one server stack.</summary>
/// <param name="Stack">The stack.</param>
/// <param name="Title">The stack's name as people know it.</param>
/// <param name="Language">The snippet's language (for fenced code blocks).</param>
/// <param name="Code">The snippet.</param>
public sealed record FixSnippet(ServerStack Stack, string Title, string Language, string Code);
