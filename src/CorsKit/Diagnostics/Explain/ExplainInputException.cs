namespace CorsKit.Diagnostics.Explain;

/// <summary>The input holds nothing the explain engine can read as the kind asked for; the message is one sentence
/// for the user. It never leaves the library's public API: <see cref="CorsExplainer"/> turns it into a result, and the
/// CLI into exit code 2.</summary>
internal sealed class ExplainInputException(string message) : Exception(message);
