namespace CorsKit.Fetch;

/// <summary>
/// One header line as it travels on the wire: the name as written (case kept) and the raw value.
/// A header list is an ordered list of these; the same name may appear on several lines.
/// </summary>
/// <param name="Name">The field name, case as written.</param>
/// <param name="Value">The field value, without the line terminator.</param>
public readonly record struct HttpHeader(string Name, string Value)
{
    /// <inheritdoc />
    public override string ToString() => $"{Name}: {Value}";
}
