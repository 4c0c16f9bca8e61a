namespace CorsKit.Fuzz.Tests;

/// <summary>Where a parser's input comes from (see <see cref="FuzzRun.Sync"/>).</summary>
internal enum InputSource
{
    /// <summary>Any .NET string, as a library caller may pass (lone surrogates included).</summary>
    Api,

    /// <summary>Arbitrary bytes decoded as UTF-8, as the CLI reads a file or a line.</summary>
    File,
}
