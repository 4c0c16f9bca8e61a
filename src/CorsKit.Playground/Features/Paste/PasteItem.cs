namespace CorsKit.Playground.Features.Paste;

/// <summary>One explained thing from the paste box: what it was, the verdict, why, and the fix.</summary>
internal sealed record PasteItem(string Title, bool Blocked, string Explanation, string Fix, string? Console = null);
