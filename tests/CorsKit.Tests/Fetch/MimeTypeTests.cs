using CorsKit.Fetch;

namespace CorsKit.Tests.Fetch;

/// <summary>WHATWG MIME Sniffing §4.4 "parse a MIME type" (cases after WPT mimesniff/mime-types/resources/mime-types.json).</summary>
public class MimeTypeTests
{
    [Theory]
    [InlineData("text/html;charset=gbk", "text/html", "charset=gbk")]
    [InlineData(" TEXT/HTML ;CHARSET=GBK ", "text/html", "charset=GBK")]
    [InlineData("text/html;charset=\"gbk\"", "text/html", "charset=gbk")]
    [InlineData("text/html;charset=\"gbk", "text/html", "charset=gbk")]
    [InlineData("text/html;charset=\"g\\\"bk\"", "text/html", "charset=g\"bk")]
    [InlineData("text/html;charset=gbk;charset=windows-1255", "text/html", "charset=gbk")]
    [InlineData("text/html;charset=;charset=gbk", "text/html", "charset=gbk")]
    [InlineData("text/html;charset =gbk", "text/html", "")]
    [InlineData("text/html;charset", "text/html", "")]
    [InlineData("text/html;;;;charset=gbk", "text/html", "charset=gbk")]
    [InlineData("text/plain;", "text/plain", "")]
    [InlineData("x/x;test=\"\\", "x/x", "test=\\")]
    public void Parses(string input, string essence, string parameters)
    {
        var mime = MimeType.Parse(input);
        Assert.NotNull(mime);
        Assert.Equal(essence, mime.Essence);
        Assert.Equal(parameters, string.Join(';', mime.Parameters.Select(p => p.Key + "=" + p.Value)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("text")]
    [InlineData("text/")]
    [InlineData("/plain")]
    [InlineData("text /plain")]
    [InlineData("text/plain,")]
    [InlineData("te(xt/plain")]
    [InlineData("text/pla\u0100in")]
    public void Fails(string input) => Assert.Null(MimeType.Parse(input));
}
