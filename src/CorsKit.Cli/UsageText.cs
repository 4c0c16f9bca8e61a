using System.CommandLine;
using System.CommandLine.Parsing;
using CorsKit.Cli.Input;

namespace CorsKit.Cli;

/// <summary>
/// The one sentence a command-line mistake gets (exit code 2), in our words rather than System.CommandLine's: an option
/// that swallowed the next flag as its value, an unknown command or option with the closest known one, a flag given a
/// value it does not take. Each ends with the help of the command the user was typing (issue 12 items 10 and 11).
/// </summary>
internal static class UsageText
{
    /// <summary>The error to show for <paramref name="parse"/>, or null when the command line is usable.</summary>
    public static string? Problem(ParseResult parse)
    {
        var command = parse.CommandResult.Command;
        var message = SwallowedOption(parse) ?? MistypedOption(parse) ?? (parse.Errors.Count == 0 ? null : Describe(parse, command));
        return message is null ? null : $"{message}; run '{HelpCommand(parse.CommandResult)}' for usage.";
    }

    /// <summary><c>corskit check --help</c> for a mistake inside <c>check</c>, <c>corskit --help</c> at the top.</summary>
    public static string HelpCommand(CommandResult result)
    {
        var names = new List<string>();
        for (SymbolResult? r = result; r is CommandResult c; r = c.Parent)
        {
            if (c.Command is not RootCommand)
            {
                names.Insert(0, c.Command.Name);
            }
        }

        return string.Join(' ', ["corskit", .. names, "--help"]);
    }

    /// <summary>
    /// <c>check URL --origin --method PUT</c>: <c>--origin</c> takes <c>--method</c> as its value and <c>PUT</c> is left
    /// over, so the parser's own complaint ("Unrecognized argument 'PUT'") points at the wrong word; and with a switch
    /// next (<c>--origin --insecure</c>) nothing at all would be reported. A value that is exactly one of the command's
    /// option names is always this mistake: name the option that lacks its value.
    /// </summary>
    private static string? SwallowedOption(ParseResult parse)
    {
        var names = OptionNames(parse.CommandResult).ToHashSet(StringComparer.Ordinal);
        foreach (var option in parse.CommandResult.Children.OfType<OptionResult>())
        {
            foreach (var token in option.Tokens)
            {
                if (names.Contains(token.Value))
                {
                    var label = option.Option.HelpName is { } name ? $"{option.Option.Name} <{name}>" : option.Option.Name;
                    return $"{option.Option.Name} needs a value, but the next word is the option {token.Value} (write {label} {token.Value} …)";
                }
            }
        }

        return null;
    }

    /// <summary>
    /// <c>check --orign https://app.example URL</c>: an unknown word that looks like an option is taken as the command's
    /// URL or file argument (or left over). No URL or file name starts with <c>--</c>, so say it is no option, and which
    /// option was meant.
    /// </summary>
    private static string? MistypedOption(ParseResult parse)
    {
        var words = parse.CommandResult.Children.OfType<ArgumentResult>().SelectMany(a => a.Tokens).Select(t => t.Value).Concat(parse.UnmatchedTokens);
        return words.FirstOrDefault(w => w.StartsWith("--", StringComparison.Ordinal) && w.Length > 2) is { } word
            ? NotAnOption(parse.CommandResult, word)
            : null;
    }

    private static string NotAnOption(CommandResult result, string word)
    {
        var closest = Suggestion.Closest(word.Split('=')[0], OptionNames(result).Where(n => n.StartsWith("--", StringComparison.Ordinal)));
        return $"'{word}' is not an option of {Name(result)}{(closest is null ? "" : $" (did you mean {closest}?)")}";
    }

    private static string Describe(ParseResult parse, Command command)
    {
        if (parse.UnmatchedTokens.Count > 0)
        {
            var word = parse.UnmatchedTokens[0];
            if (word.StartsWith('-'))
            {
                return NotAnOption(parse.CommandResult, word);
            }

            if (command is RootCommand)
            {
                var subcommands = command.Subcommands.Select(c => c.Name).ToList();
                var meant = Suggestion.Closest(word, subcommands);
                return meant is null
                    ? $"'{word}' is not a corskit command (the commands are {string.Join(", ", subcommands)})"
                    : $"'{word}' is not a corskit command (did you mean '{meant}'?)";
            }

            return $"{Name(parse.CommandResult)} does not take the argument '{word}'";
        }

        var error = parse.Errors[0];
        if (error.SymbolResult is OptionResult { Tokens.Count: 0 } missing)
        {
            var label = missing.Option.HelpName is { } name ? $" ({missing.Option.Name} <{name}>)" : "";
            return $"{missing.Option.Name} needs a value{label}";
        }

        if (error.SymbolResult is ArgumentResult { Parent: OptionResult option } argument)
        {
            var value = string.Join(' ', argument.Tokens.Select(t => t.Value));
            return option.Option.ValueType == typeof(bool)
                ? $"{option.Option.Name} is a switch and takes no value (not '{value}')"
                : $"'{value}' is not a value {option.Option.Name} accepts";
        }

        return error.Message.TrimEnd('.');
    }

    /// <summary>Every name and alias of the options <paramref name="result"/>'s command accepts, its own and the
    /// recursive ones of the commands above it (--help).</summary>
    private static IEnumerable<string> OptionNames(CommandResult result)
    {
        for (SymbolResult? r = result; r is CommandResult c; r = c.Parent)
        {
            foreach (var option in c.Command.Options.Where(o => ReferenceEquals(c, result) || o.Recursive))
            {
                yield return option.Name;
                foreach (var alias in option.Aliases)
                {
                    yield return alias;
                }
            }
        }
    }

    private static string Name(CommandResult result) => HelpCommand(result)[..^" --help".Length];
}
