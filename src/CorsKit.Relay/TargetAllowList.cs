using CorsKit.Policy;

namespace CorsKit.Relay;

/// <summary>
/// The targets the relay may reach. A target allow-list is a list of origins and origin patterns, which is what a CORS
/// policy's origin list already is: so the entries are parsed, validated and matched by the CorsKit policy engine
/// (<see cref="CorsPolicy.IsOriginAllowed"/>, patterns as in docs/policy.md: <c>https://*.example.com</c> is the
/// subdomains and never the apex, <c>:*</c> any port), not by a second matcher.
/// </summary>
internal sealed class TargetAllowList
{
    private readonly CorsPolicy? _targets;

    private TargetAllowList(CorsPolicy? targets) => _targets = targets;

    /// <summary>Every target (<c>--dangerously-allow-any-target</c>); the address rules still apply.</summary>
    public static TargetAllowList Any { get; } = new(null);

    /// <summary>Builds the list, adding a message to <paramref name="errors"/> for each entry that is not an http(s) origin or pattern.</summary>
    public static TargetAllowList? Create(IReadOnlyList<string> entries, List<string> errors)
    {
        if (entries.Count == 0)
        {
            errors.Add("a target allow-list is required: give --allow-target (repeatable, such as --allow-target https://api.example.com), or --dangerously-allow-any-target.");
            return null;
        }

        var ok = true;
        foreach (var entry in entries)
        {
            if (entry == "*")
            {
                errors.Add("--allow-target '*' is not accepted: relaying anywhere is --dangerously-allow-any-target.");
                ok = false;
            }
            else if (!entry.StartsWith("http://", StringComparison.OrdinalIgnoreCase) && !entry.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
            {
                errors.Add($"--allow-target '{entry}' is not an http:// or https:// origin or pattern (such as https://api.example.com or https://*.example.com).");
                ok = false;
            }
        }

        if (!ok)
        {
            return null;
        }

        if (!CorsPolicy.TryBuild(new CorsPolicyOptions { Origins = entries }, out var policy, out var problems))
        {
            // The policy engine's messages speak of origins, which is what a target entry is.
            errors.AddRange(problems.Select(p => $"--allow-target: {p.Message}"));
            return null;
        }

        return new TargetAllowList(policy);
    }

    /// <summary>True when <paramref name="target"/>'s origin is allowed.</summary>
    public bool Allows(Uri target) => _targets is null || _targets.IsOriginAllowed(RelayTarget.OriginOf(target));
}
