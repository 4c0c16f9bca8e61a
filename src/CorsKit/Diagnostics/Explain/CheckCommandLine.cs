
namespace CorsKit.Diagnostics.Explain;

/// <summary>The <c>corskit check …</c> command line that makes a <see cref="CheckRequest"/> live, quoted for a POSIX
/// shell (<see cref="ShellWords"/>); the options are check's own, each given only when it differs from check's default.</summary>
internal static class CheckCommandLine
{
    public static string For(CheckRequest request)
    {
        var words = new List<string> { "corskit", "check", request.Url, "--origin", request.Origin };
        if (request.Method != "GET")
        {
            words.AddRange(["-X", request.Method]);
        }

        foreach (var header in request.Headers)
        {
            words.AddRange(["-H", $"{header.Name}: {header.Value}"]);
        }

        if (request.Credentials != "same-origin")
        {
            words.AddRange(["--credentials", request.Credentials]);
        }

        if (request.Cookie is { } cookie)
        {
            words.AddRange(["--cookie", cookie]);
        }

        if (request.Body is { } body)
        {
            words.AddRange(["-d", body]);
        }

        return ShellWords.Join(words);
    }
}
