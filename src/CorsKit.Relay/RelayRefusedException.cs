namespace CorsKit.Relay;

/// <summary>Thrown from the connect callback (through HttpClient) when no resolved address of a target may be used.</summary>
internal sealed class RelayRefusedException(RelayRefusal refusal) : Exception(refusal.Reason)
{
    public RelayRefusal Refusal { get; } = refusal;
}
