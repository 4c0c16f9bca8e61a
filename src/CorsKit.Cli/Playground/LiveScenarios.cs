using System.Security.Cryptography;
using CorsKit.Scenarios;

namespace CorsKit.Cli.Playground;

/// <summary>
/// The scenarios the live servers answer, by id, and what reached them. Memory stays bounded whatever a page sends:
/// at most <see cref="MaxScenarios"/> scenarios (the oldest is forgotten first) and <see cref="MaxRequests"/> recorded
/// requests per scenario (later ones are counted, not kept).
/// </summary>
internal sealed class LiveScenarios
{
    /// <summary>Scenarios kept; a page registers one per live run.</summary>
    public const int MaxScenarios = 64;

    /// <summary>Requests kept per scenario: a preflight, a redirect chain and the actual request are a handful.</summary>
    public const int MaxRequests = 100;

    private readonly Lock _lock = new();
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly Queue<string> _order = new();

    private sealed class Entry(Scenario scenario)
    {
        public Scenario Scenario { get; } = scenario;

        public List<RecordedRequest> Requests { get; } = [];

        public int Dropped { get; set; }
    }

    /// <summary>Keeps the scenario <paramref name="make"/> builds for a new id (its live URLs carry the id), forgetting
    /// the oldest beyond <see cref="MaxScenarios"/>; returns the id and the scenario.</summary>
    public (string Id, Scenario Scenario) Add(Func<string, Scenario> make)
    {
        // 50 random bits in base32: ids cannot be guessed from each other, and fit a URL path segment as they are.
        var id = NewId();
        var scenario = make(id);
        lock (_lock)
        {
            _entries[id] = new Entry(scenario);
            _order.Enqueue(id);
            while (_order.Count > MaxScenarios)
            {
                _entries.Remove(_order.Dequeue());
            }
        }

        return (id, scenario);
    }

    /// <summary>The scenario kept under <paramref name="id"/>, or null.</summary>
    public Scenario? Find(string id)
    {
        lock (_lock)
        {
            return _entries.TryGetValue(id, out var entry) ? entry.Scenario : null;
        }
    }

    /// <summary>Records <paramref name="request"/> for <paramref name="id"/>; false when the id is unknown.</summary>
    public bool Record(string id, RecordedRequest request)
    {
        lock (_lock)
        {
            if (!_entries.TryGetValue(id, out var entry))
            {
                return false;
            }

            if (entry.Requests.Count < MaxRequests)
            {
                entry.Requests.Add(request);
            }
            else
            {
                entry.Dropped++;
            }

            return true;
        }
    }

    /// <summary>The requests recorded for <paramref name="id"/> in arrival order, or null when the id is unknown.</summary>
    public IReadOnlyList<RecordedRequest>? Requests(string id)
    {
        lock (_lock)
        {
            return _entries.TryGetValue(id, out var entry) ? [.. entry.Requests] : null;
        }
    }

    private static string NewId()
    {
        const string alphabet = "abcdefghijklmnopqrstuvwxyz234567";
        Span<byte> bytes = stackalloc byte[10];
        RandomNumberGenerator.Fill(bytes);
        var chars = new char[10];
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = alphabet[bytes[i] & 31];
        }

        return new string(chars);
    }
}
