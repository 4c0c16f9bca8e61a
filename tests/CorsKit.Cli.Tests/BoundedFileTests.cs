using System.Diagnostics;
using CorsKit.Cli.Input;

namespace CorsKit.Cli.Tests;

/// <summary>Issue 10 item 17: files the user names are read with a size cap, fast and in bounded memory.</summary>
public sealed class BoundedFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("corskit-bounded-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Dev_zero_fails_fast_naming_the_limit_with_bounded_memory()
    {
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var clock = Stopwatch.StartNew();

        var ex = Assert.Throws<IOException>(() => BoundedFile.ReadAllText("/dev/zero"));

        Assert.Equal("it is larger than 1 MiB, the limit for this file", ex.Message);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed}");
        var used = GC.GetAllocatedBytesForCurrentThread() - allocated;
        Assert.True(used < 8 * 1024 * 1024, $"allocated {used} bytes");
    }

    [Theory]
    [InlineData(100, 100, true)]
    [InlineData(100, 101, false)]
    [InlineData(70_000, 70_000, true)]
    [InlineData(70_000, 70_001, false)]
    public void The_limit_is_exact(int limit, int size, bool fits)
    {
        var path = Path.Combine(_dir, "f.json");
        File.WriteAllText(path, new string('a', size));

        if (fits)
        {
            Assert.Equal(size, BoundedFile.ReadAllText(path, limit).Length);
        }
        else
        {
            Assert.StartsWith("it is larger than ", Assert.Throws<IOException>(() => BoundedFile.ReadAllText(path, limit)).Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Utf8_with_and_without_a_byte_order_mark_and_utf16_with_one_read_as_text()
    {
        var path = Path.Combine(_dir, "f.json");
        foreach (var encoding in new System.Text.Encoding[] { new System.Text.UTF8Encoding(false), new System.Text.UTF8Encoding(true), System.Text.Encoding.Unicode })
        {
            File.WriteAllText(path, "{ \"é\": 1 }", encoding);
            Assert.Equal("{ \"é\": 1 }", BoundedFile.ReadAllText(path));
        }
    }

    [Fact]
    public void A_missing_file_is_an_io_exception()
    {
        Assert.IsAssignableFrom<IOException>(Record.Exception(() => BoundedFile.ReadAllText(Path.Combine(_dir, "absent"))));
    }
}
