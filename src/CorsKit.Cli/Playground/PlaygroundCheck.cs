using CorsKit.Cli.Check;
using CorsKit.Cli.Output;
using CorsKit.Origins;

namespace CorsKit.Cli.Playground;

/// <summary>
/// <c>POST /api/check</c>: <c>corskit check</c> run by the playground's backend for the page (server-side, so the
/// page's own CORS does not get in the way). The body is one request as <c>check --input</c> reads it
/// (<see cref="CheckJson.TryReadRequest"/>); the answer carries the exit code, the text <c>check</c> prints and its JSON.
/// Unless <c>--allow-remote-check</c>, every request of the check (first URL, redirect hops, preflights, probes) must
/// go to loopback, so a page cannot use the tool to reach the network.
/// </summary>
internal sealed class PlaygroundCheck(bool allowRemote)
{
    /// <summary>The whole check's budget, as <c>check</c>'s default <c>--timeout</c>.</summary>
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(10);

    /// <summary>The HTTP status and JSON body to answer with.</summary>
    public async Task<(int Status, string Json)> RunAsync(string body, CancellationToken cancellationToken)
    {
        if (!CheckJson.TryReadRequest(body, out var request, out var error))
        {
            return (400, Error($"The check request is not usable: {error}"));
        }

        if (!allowRemote && Uri.TryCreate(request!.Url, UriKind.Absolute, out var url) && Refusal(url) is { } refused)
        {
            return (403, Error(refused));
        }

        var settings = new CheckSettings { Timeout = Budget, TargetRule = allowRemote ? null : Refusal };
        var result = await CheckRunner.RunAsync(request!, settings, cancellationToken).ConfigureAwait(false);
        if (result.Error is { Kind: CheckErrorKind.Input } input)
        {
            return (400, Error(input.Message));
        }

        using var transcript = new StringWriter();
        CheckTextRenderer.Render(result, transcript, new Ansi(false));
        var json = CheckJson.ToText(w =>
        {
            w.WriteStartObject();
            w.WriteNumber("exitCode", result.ExitCode);
            w.WriteString("transcript", transcript.ToString());
            w.WritePropertyName("result");
            CheckJson.Write(w, result);
            w.WriteEndObject();
        }, indented: false);
        return (200, json);
    }

    /// <summary>The one loopback rule (<see cref="AddressSpaces.OfHost"/>: loopback IP literals and localhost names,
    /// RFC 6761 §6.3), applied to each URL before it is requested.</summary>
    private static string? Refusal(Uri url) =>
        AddressSpaces.OfHost(url.Host) == AddressSpace.Loopback
            ? null
            : $"The playground checks only loopback URLs (127.0.0.1, [::1], localhost), not {url.Host}; start it with --allow-remote-check to check other hosts.";

    /// <summary><c>{"error": "one sentence"}</c>.</summary>
    public static string Error(string sentence) => CheckJson.ToText(w =>
    {
        w.WriteStartObject();
        w.WriteString("error", sentence);
        w.WriteEndObject();
    }, indented: false);
}
