using CorsKit.Policy;
using CorsKit.Policy.Infrastructure;

namespace CorsKit.AspNetCore.Infrastructure;

/// <summary>
/// Decides which denials are logged, so that a page retrying in a loop or a scanner cannot flood the log while every
/// distinct mistake still shows up at once. The rule (docs/middleware.md, "Logging"): per key (policy, request kind,
/// reason, origin) at most one event per <see cref="Interval"/>, and at most <see cref="MaxPerInterval"/> events per
/// interval over all keys; what was held back is counted and reported with the key's next event (events 2 and 4)
/// and, for the global limit, when the interval rolls over (event 7). Keys live in a fixed table of <see cref="Slots"/> entries indexed by hash,
/// so memory is bounded whatever origins arrive; two keys sharing a slot cost at most an extra log line.
/// </summary>
internal sealed class DenialLogLimiter(TimeProvider time)
{
    public const int Slots = 1024;
    public const int MaxPerInterval = 100;
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(60);

    private readonly Slot[] _slots = new Slot[Slots];
    private readonly Lock _gate = new();
    private readonly long _interval = (long)(Interval.TotalSeconds * time.TimestampFrequency);
    private long _windowStart = long.MinValue;
    private int _windowCount;
    private int _windowHeldBack;

    /// <summary>What to log for one denial.</summary>
    public readonly record struct Verdict(bool Log, int HeldBackForKey, int HeldBackOverall);

    /// <summary>Counts a denial; says whether to log it, and how many were held back before it (for this key, and over
    /// all keys in the interval that just ended).</summary>
    public Verdict Enter(string policy, CorsRequestKind kind, CorsRejection reason, string origin)
    {
        var now = time.GetTimestamp();
        // The longest origin a browser sends is kept whole; a longer (hostile) one is keyed and logged by its start.
        if (origin.Length > CorsLimits.MaxOriginLength)
        {
            origin = origin[..CorsLimits.MaxOriginLength];
        }
        var hash = HashCode.Combine(StringComparer.OrdinalIgnoreCase.GetHashCode(policy), kind, reason, origin.GetHashCode(StringComparison.Ordinal));
        lock (_gate)
        {
            var index = hash & (Slots - 1);
            ref var slot = ref _slots[index];
            var sameKey = slot.Origin is not null && slot.Hash == hash && slot.Kind == kind && slot.Reason == reason
                && string.Equals(slot.Origin, origin, StringComparison.Ordinal) && string.Equals(slot.Policy, policy, StringComparison.OrdinalIgnoreCase);
            if (sameKey && now - slot.Start < _interval)
            {
                slot.HeldBack++;
                return new Verdict(false, 0, 0);
            }
            var heldBackForKey = sameKey ? slot.HeldBack : 0;
            var heldBackOverall = 0;
            if (_windowStart == long.MinValue || now - _windowStart >= _interval)
            {
                heldBackOverall = _windowHeldBack;
                _windowStart = now;
                _windowCount = 0;
                _windowHeldBack = 0;
            }
            if (_windowCount >= MaxPerInterval)
            {
                _windowHeldBack++;
                // Not logged: the key keeps its earlier state, so it is tried again on its next denial.
                if (sameKey)
                {
                    slot.HeldBack++;
                }
                return new Verdict(false, 0, heldBackOverall);
            }
            _windowCount++;
            slot = new Slot { Hash = hash, Policy = policy, Kind = kind, Reason = reason, Origin = origin, Start = now };
            return new Verdict(true, heldBackForKey, heldBackOverall);
        }
    }

    private struct Slot
    {
        public int Hash;
        public string? Policy;
        public CorsRequestKind Kind;
        public CorsRejection Reason;
        public string? Origin;
        public long Start;
        public int HeldBack;
    }
}
