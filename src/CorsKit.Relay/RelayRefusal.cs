namespace CorsKit.Relay;

/// <summary>Why the relay refused a request: the rule and one sentence for the person reading the response.</summary>
internal sealed record RelayRefusal(RelayRule Rule, string Reason)
{
    /// <summary>The one-line body of the refusal: <c>refused by &lt;rule&gt;: &lt;reason&gt;</c>.</summary>
    public override string ToString() => $"corskit relay refused this request ({RelayRules.Name(Rule)}): {Reason}";
}
