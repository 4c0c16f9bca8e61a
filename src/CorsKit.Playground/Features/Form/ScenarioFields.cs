using System.Globalization;
using CorsKit.Model;
using CorsKit.Scenarios;

namespace CorsKit.Playground.Features.Form;

/// <summary>The form's fields as typed, and the conversions to and from <see cref="Scenarios.Scenario"/>.</summary>
public sealed class ScenarioFields
{
    public string PageOrigin { get; set; } = "";
    public string Url { get; set; } = "";
    public string Method { get; set; } = "GET";
    public string Headers { get; set; } = "";
    public string Body { get; set; } = "";
    public string Credentials { get; set; } = "same-origin";
    public string Browser { get; set; } = "chromium";
    public string ServerKind { get; set; } = "policy";
    public string Policy { get; set; } = "";
    public string PreflightStatus { get; set; } = "204";
    public string PreflightHeaders { get; set; } = "";
    public string ActualStatus { get; set; } = "200";
    public string ActualHeaders { get; set; } = "";
    public string Redirects { get; set; } = "";

    /// <summary>The credentials values of the form (the Fetch standard's words), in the order shown.</summary>
    public static readonly IReadOnlyList<(string Value, CredentialsMode Mode)> CredentialsModes =
        [("omit", CredentialsMode.Omit), ("same-origin", CredentialsMode.SameOrigin), ("include", CredentialsMode.Include)];

    /// <summary>The Fetch standard's word for <paramref name="mode"/> (<c>same-origin</c>), as the form and the API write it.</summary>
    public static string CredentialsValue(CredentialsMode mode) => CredentialsModes.First(c => c.Mode == mode).Value;

    /// <summary>The browser values of the form, in the order shown.</summary>
    public static readonly IReadOnlyList<(string Value, ScenarioBrowser Browser, string Label)> Browsers =
        [("chromium", ScenarioBrowser.Chromium, "Chromium"), ("firefox", ScenarioBrowser.Firefox, "Firefox"), ("safari", ScenarioBrowser.Safari, "Safari"), ("all", ScenarioBrowser.All, "All three")];

    public static ScenarioFields From(CorsKit.Scenarios.Scenario s) => new()
    {
        PageOrigin = s.PageOrigin,
        Url = s.Url,
        Method = s.Method,
        Headers = string.Join('\n', s.Headers),
        Body = s.Body ?? "",
        Credentials = CredentialsValue(s.Credentials),
        Browser = Browsers.First(b => b.Browser == s.Browser).Value,
        ServerKind = s.Server.Kind == ScenarioServerKind.Raw ? "raw" : "policy",
        Policy = s.Server.Policy,
        PreflightStatus = s.Server.PreflightStatus.ToString(CultureInfo.InvariantCulture),
        PreflightHeaders = string.Join('\n', s.Server.PreflightHeaders),
        ActualStatus = s.Server.ActualStatus.ToString(CultureInfo.InvariantCulture),
        ActualHeaders = string.Join('\n', s.Server.ActualHeaders),
        Redirects = string.Join('\n', s.Server.Redirects.Select(r => $"{r.Status.ToString(CultureInfo.InvariantCulture)} {r.Location}")),
    };

    public CorsKit.Scenarios.Scenario ToScenario() => new()
    {
        PageOrigin = PageOrigin.Trim(),
        Url = Url.Trim(),
        Method = Method.Trim(),
        Headers = Lines(Headers),
        Body = Body.Length == 0 ? null : Body,
        Credentials = CredentialsModes.FirstOrDefault(c => c.Value == Credentials, CredentialsModes[1]).Mode,
        Browser = Browsers.FirstOrDefault(b => b.Value == Browser, Browsers[0]).Browser,
        Server = new ScenarioServerDescription
        {
            Kind = ServerKind == "raw" ? ScenarioServerKind.Raw : ScenarioServerKind.Policy,
            Policy = Policy,
            PreflightStatus = Status(PreflightStatus),
            PreflightHeaders = Lines(PreflightHeaders),
            ActualStatus = Status(ActualStatus),
            ActualHeaders = Lines(ActualHeaders),
            Redirects = [.. Lines(Redirects).Select(Redirect)],
        },
    };

    private static string[] Lines(string text) =>
        [.. text.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Trim().Length > 0)];

    // An unreadable status becomes 0, which ScenarioServer.Problems reports in words.
    private static int Status(string text) => int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0;

    private static ScenarioRedirect Redirect(string line)
    {
        var trimmed = line.Trim();
        var space = trimmed.IndexOfAny([' ', '\t']);
        return space > 0 ? new ScenarioRedirect(Status(trimmed[..space]), trimmed[(space + 1)..].Trim()) : new ScenarioRedirect(0, trimmed);
    }
}
