using CorsKit.Diagnostics.Fixes;
using CorsKit.Model;

namespace CorsKit.Diagnostics.Explain;

/// <summary>One explained item (a console message, a HAR entry, a copied request): the JSON object of
/// <c>explain --format json</c> and one block of the text output.</summary>
public sealed record ExplainItem
{
    /// <summary>The input kind it came from.</summary>
    public required ExplainInputKind Kind { get; init; }

    /// <summary>The 1-based input line it was read from, or null.</summary>
    public int? Line { get; init; }

    /// <summary>The 0-based HAR entry (<c>log.entries[i]</c>) of the request's first hop, or null.</summary>
    public int? Entry { get; init; }

    /// <summary>The request's method, when the input says it.</summary>
    public string? Method { get; init; }

    /// <summary>The credentials mode the verdict is for (<c>omit</c>, <c>same-origin</c>, <c>include</c>), when known or assumed.</summary>
    public string? Credentials { get; init; }

    /// <summary>The browser whose wording or behaviour it is (<c>chromium</c>, <c>firefox</c>, <c>safari</c>).</summary>
    public required string Browser { get; init; }

    /// <summary><c>fetch</c>, <c>XMLHttpRequest</c> or the resource kind Chromium names (<c>script</c>, …), when known.</summary>
    public string? Initiator { get; init; }

    /// <summary>The URL whose response failed (the last redirect hop).</summary>
    public required string Url { get; init; }

    /// <summary>The URL the script asked for when it was redirected, else null.</summary>
    public string? RedirectedFrom { get; init; }

    /// <summary>The page's origin.</summary>
    public required string Origin { get; init; }

    /// <summary>True when the browser blocked the response.</summary>
    public required bool Blocked { get; init; }

    /// <summary>The verdict: blocked, allowed, unknown (the input lacks what it needs), or predicted (a copied
    /// request explained offline: what the browser will send, not what the server answers).</summary>
    public ExplainVerdict Verdict { get; init; } = ExplainVerdict.Blocked;

    /// <summary>Every credentials mode's outcome when the input cannot tell the mode (a HAR without cookies); else empty.</summary>
    public IReadOnlyList<ExplainOutcome> Outcomes { get; init; } = [];

    /// <summary>What the reader noticed about the input for this item (a sanitised export, an unrecorded preflight).</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    /// <summary>Chromium's CorsError name, or null when none.</summary>
    public string? Code { get; init; }

    /// <summary>Every CorsError the input can stand for, likeliest first (<see cref="Code"/> is the first); one for
    /// Chromium's own messages.</summary>
    public IReadOnlyList<string> Candidates { get; init; } = [];

    /// <summary>The browser's own name for the message (Firefox's security.properties key, WebKit's message kind), or null.</summary>
    public string? Reason { get; init; }

    /// <summary>Each browser's console text for the same failure, the input's browser first.</summary>
    public IReadOnlyList<ConsoleLine> Consoles { get; init; } = [];

    /// <summary>Chromium's failed parameter; empty when none.</summary>
    public string Parameter { get; init; } = "";

    /// <summary>What it means, in one paragraph.</summary>
    public required string Explanation { get; init; }

    /// <summary>Likely server-side causes, most likely first.</summary>
    public required IReadOnlyList<string> Causes { get; init; }

    /// <summary>The fix.</summary>
    public required string Fix { get; init; }

    /// <summary>The <c>corskit check …</c> command line that confirms it live.</summary>
    public required string Check { get; init; }

    /// <summary>What the check command cannot know from the input (shown with the text output).</summary>
    public string? CheckNote { get; init; }

    /// <summary>The input the item was read from, verbatim (the console message).</summary>
    public string? Source { get; init; }

    /// <summary>The model's failure behind a blocked item (its explanation, causes, fix and every browser's console
    /// text), or null when nothing failed or the input does not say what did.</summary>
    public CorsFailure? Failure { get; init; }

    /// <summary>What the server must send and how to say it in each stack's configuration (every
    /// <see cref="ServerStack"/>'s snippet), or null when no response header fixes it (allowed, a request the browser
    /// refuses to make, a Local Network Access refusal, an input too vague to build the request from).</summary>
    public FixAdvice? Advice { get; init; }

    /// <summary>Each browser's console text for the item, <paramref name="primary"/>'s first: <see cref="Consoles"/>
    /// when the input was console text, else the model's text for <see cref="Failure"/>; empty when nothing failed.</summary>
    public IReadOnlyList<ConsoleLine> ConsolesFor(BrowserEngine primary) =>
        Consoles.Count > 0 ? ConsoleLine.PrimaryFirst(Consoles, primary)
        : Failure is null ? []
        : ConsoleLine.For(Failure, primary);
}
