using System.Text;

namespace CorsKit.Diagnostics.Explain;

/// <summary>The one rule for turning the bytes a user gives (a file, standard input, a file dropped on the playground
/// page) into text: UTF-8 unless a byte order mark names UTF-8, UTF-16 or UTF-32 (the BOM is dropped); bytes that are
/// not valid UTF-8 become U+FFFD, never an exception (Encoding.UTF8's replacement fallback).</summary>
internal static class InputText
{
    public static string Decode(byte[] buffer, int count)
    {
        using var reader = new StreamReader(new MemoryStream(buffer, 0, count), Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        return reader.ReadToEnd();
    }
}
