namespace CorsKit.Scenarios;

/// <summary>One scenario of the gallery.</summary>
/// <param name="Id">Which one.</param>
/// <param name="Slug">Its stable text id (<c>reflect-any-origin</c>), used in the page's <c>data-gallery</c>.</param>
/// <param name="Title">A short title.</param>
/// <param name="Lesson">What goes wrong and why it matters, in one or two sentences.</param>
/// <param name="Scenario">The scenario itself.</param>
public sealed record ScenarioGalleryEntry(ScenarioGalleryId Id, string Slug, string Title, string Lesson, Scenario Scenario)
{
    /// <summary>True when the entry shows a mistake (every entry but the working baseline): an allowed verdict then hides
    /// the flaw its lesson names, and the page says so instead of "nothing to fix".</summary>
    public bool IsMistake => Id is not ScenarioGalleryId.PolicyAllowsPut;
}
