namespace CorsKit.Relay;

/// <summary>Thrown by <see cref="RelayServer.StartAsync"/> when the options are invalid; lists every problem, each a
/// sentence naming the command-line flag it is about.</summary>
public sealed class RelayOptionsException(IReadOnlyList<string> errors) : Exception(string.Join(" ", errors))
{
    /// <summary>Every problem found.</summary>
    public IReadOnlyList<string> Errors { get; } = errors;
}
