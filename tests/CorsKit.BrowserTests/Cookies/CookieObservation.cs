namespace CorsKit.BrowserTests.Cookies;

/// <summary>What one engine did in one scenario, as the server and the page saw it.</summary>
/// <param name="Scenario">The scenario.</param>
/// <param name="SetReached">The setting response was requested.</param>
/// <param name="SetResult">The setting fetch's status or rejection (null for a navigation).</param>
/// <param name="ReadReached">The reading fetch reached the server.</param>
/// <param name="ReadCookie">The <c>Cookie</c> header of the reading fetch (null when absent).</param>
/// <param name="ReadResult">The reading fetch's status or rejection, as the script saw it.</param>
/// <param name="ProbeReached">The first-party probe reached the server.</param>
/// <param name="ProbeCookie">The <c>Cookie</c> header of the first-party probe on the setting host.</param>
public sealed record CookieObservation(
    CookieScenario Scenario, bool SetReached, string? SetResult, bool ReadReached, string? ReadCookie, string? ReadResult,
    bool ProbeReached, string? ProbeCookie)
{
    /// <summary>True when the reading fetch carried this scenario's cookie.</summary>
    public bool Sent => Contains(ReadCookie);

    /// <summary>True when the jar holds the cookie for the setting host as first party (the probe carried it).</summary>
    public bool StoredFirstParty => Contains(ProbeCookie);

    private bool Contains(string? header) =>
        header is not null && header.Split(';', StringSplitOptions.TrimEntries).Contains(Scenario.CookiePair, StringComparer.Ordinal);
}
