namespace CorsKit.Cli.Output;

/// <summary>
/// ANSI styling that turns itself off: colour only on a terminal (output not redirected) and when <c>NO_COLOR</c> is
/// unset (https://no-color.org).
/// </summary>
internal sealed class Ansi(bool enabled)
{
    /// <summary>No styling.</summary>
    public static Ansi Plain { get; } = new(false);

    /// <summary>True when escape sequences are written.</summary>
    public bool Enabled { get; } = enabled;

    /// <summary>Styling for <paramref name="writer"/>: enabled only when it is the real console stdout on a terminal.</summary>
    public static Ansi For(TextWriter writer) =>
        new(ReferenceEquals(writer, Console.Out) && !Console.IsOutputRedirected
            && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR")));

    public string Bold(string s) => Wrap("1", s);

    public string Dim(string s) => Wrap("2", s);

    public string Red(string s) => Wrap("1;31", s);

    public string Green(string s) => Wrap("1;32", s);

    public string Yellow(string s) => Wrap("33", s);

    public string Cyan(string s) => Wrap("36", s);

    private string Wrap(string code, string s) => Enabled ? $"\u001b[{code}m{s}\u001b[0m" : s;
}
