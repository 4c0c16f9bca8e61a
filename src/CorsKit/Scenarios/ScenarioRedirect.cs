namespace CorsKit.Scenarios;

/// <summary>One hop of a scenario's redirect chain: the request to the previous URL (the scenario's URL for the first
/// hop) is answered with <see cref="Status"/> and <c>Location: </c><see cref="Location"/>.</summary>
/// <param name="Status">A redirect status (301, 302, 303, 307, 308).</param>
/// <param name="Location">The <c>Location</c> value, absolute or relative to the URL it answers.</param>
public sealed record ScenarioRedirect(int Status, string Location);
