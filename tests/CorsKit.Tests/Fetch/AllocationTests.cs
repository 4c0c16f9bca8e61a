using CorsKit.Fetch;
using CorsKit.Model;

namespace CorsKit.Tests.Fetch;

/// <summary>The preflight decision allocates nothing (bench/ModelBenchmarks measures it; this pins it).</summary>
public class AllocationTests
{
    [Fact]
    public void NeedsPreflightAllocatesNothing()
    {
        HttpHeader[] headers =
        [
            new("Accept", " application/json "), new("Content-Type", "Text/Plain; charset=UTF-8"), new("Range", "bytes=0-1023"),
            new("X-HTTP-Method-Override", "GET, \"x\", trace"), new("DPR", "2"), new("X-Requested-With", "XMLHttpRequest"),
        ];
        var expected = FetchRules.NeedsPreflight("delete", headers, BrowserProfile.Chromium); // warm up (JIT, statics)
        FetchRules.NeedsPreflight("GET", headers.AsSpan(0, 5), BrowserProfile.Firefox);
        var before = GC.GetAllocatedBytesForCurrentThread();
        var a = FetchRules.NeedsPreflight("delete", headers, BrowserProfile.Chromium);
        var b = FetchRules.NeedsPreflight("GET", headers.AsSpan(0, 5), BrowserProfile.Chromium);
        var c = FetchRules.NeedsPreflight("GET", headers.AsSpan(0, 5), BrowserProfile.Firefox);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0, allocated);
        Assert.True(a && expected);
        Assert.False(b); // every header safelisted in Chromium (DPR is a client hint)
        Assert.True(c); // Firefox does not safelist DPR
    }
}
