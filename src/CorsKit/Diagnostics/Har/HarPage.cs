namespace CorsKit.Diagnostics.Har;

/// <summary>One <c>log.pages[]</c> object: its <c>id</c> and <c>title</c> (Chromium and Firefox write the page's URL there).</summary>
public sealed record HarPage(string Id, string Title);
