namespace CorsKit.Diagnostics.Explain;

/// <summary>
/// The explain engine's front door, shared by <c>corskit explain</c> and the playground page (issue 13): what a
/// developer has (console text from Chromium, Firefox or Safari, a HAR file, a request copied from DevTools as cURL
/// or fetch) in, and for each CORS request in it the verdict, the cause, the fix, every browser's console text, the
/// header lines the server must send with snippets for common stacks, and the <c>corskit check</c> command that
/// confirms it. Offline and pure: no network, file or clock. Any input, however broken, gives a result: what cannot be
/// read comes back as <see cref="ExplainResult.Error"/>, never as an exception.
/// </summary>
public static class CorsExplainer
{
    /// <summary>Largest input read: far above any console paste or HAR a browser writes for one page.</summary>
    public const int MaxInputBytes = 64 * 1024 * 1024;

    /// <summary>Explains <paramref name="text"/> (null reads as empty).</summary>
    public static ExplainResult Explain(string? text, ExplainOptions? options = null)
    {
        options ??= new ExplainOptions();
        text ??= "";
        var kind = options.Kind ?? ExplainInput.Detect(text);
        if (text.Length > MaxInputBytes)
        {
            return TooLarge(kind);
        }

        ExplainResult result;
        try
        {
            result = ExplainInput.Explain(kind, text, options.Credentials, options.Origin);
        }
        catch (ExplainInputException ex)
        {
            return new ExplainResult(kind, []) { Error = ex.Message };
        }

        // The chosen browser's console text first, whatever the input's browser.
        return options.Browser is { } primary
            ? result with { Items = [.. result.Items.Select(i => i with { Consoles = ConsoleLine.PrimaryFirst(i.Consoles, primary) })] }
            : result;
    }

    /// <summary>Explains a file's bytes (a HAR file dropped on a page, a saved console log): UTF-8, or the encoding its
    /// byte order mark names.</summary>
    public static ExplainResult Explain(ReadOnlySpan<byte> bytes, ExplainOptions? options = null)
    {
        if (bytes.Length > MaxInputBytes)
        {
            return TooLarge(options?.Kind ?? ExplainInputKind.ConsoleText);
        }

        return Explain(InputText.Decode(bytes.ToArray(), bytes.Length), options);
    }

    private static ExplainResult TooLarge(ExplainInputKind kind) =>
        new(kind, []) { Error = $"the input is larger than {MaxInputBytes / (1024 * 1024)} MiB, the most explain reads." };
}
