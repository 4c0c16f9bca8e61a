namespace CorsKit.Model;

/// <summary>One CorsError's console detail. <c>{hint}</c> marks where Chromium puts the (encoded) hint.</summary>
/// <param name="Code">The CorsError.</param>
/// <param name="Preflight">True when the detail carries the "Response to preflight request …" prefix.</param>
/// <param name="Detail">The detail text with <c>{hint}</c> placeholders.</param>
/// <param name="Suffix">The initiator sentence appended.</param>
/// <param name="HintIsParameter">True when the hint is DevTools' <c>failedParameter</c>; false when it is another
/// field (the Local Network Access address space) or a fixed text.</param>
/// <param name="FixedHint">The text Chromium 156 always puts in place of <c>{hint}</c> (the CORS-enabled scheme list).</param>
internal sealed record ConsoleTemplate(ChromiumCorsError Code, bool Preflight, string Detail, ConsoleSuffix Suffix, bool HintIsParameter = true, string? FixedHint = null);
