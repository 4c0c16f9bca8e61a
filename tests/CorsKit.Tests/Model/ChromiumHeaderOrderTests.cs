using CorsKit.Fetch;
using CorsKit.Model;
using CorsKit.Origins;

namespace CorsKit.Tests.Model;

/// <summary>
/// Which header Chromium names in <c>HeaderDisallowedByPreflightResponse</c> when a preflight response (allow-origin
/// only, no Access-Control-Allow-Headers) allows none of several request headers.
/// </summary>
public class ChromiumHeaderOrderTests
{
    private static readonly Origin Page = Origin.Parse("http://127.0.0.1:8080");

    /// <summary>
    /// Observed in Chromium 156.0.8078.79 headless (Debian), 2026-11-22: fetch() / XMLHttpRequest from a page on a
    /// loopback origin, CDP Network.loadingFailed corsErrorStatus.failedParameter. Request URLs on 127.0.0.1 and
    /// localhost are potentially trustworthy (the UA client hints join the header map); api.test (host-resolver-rules
    /// to 127.0.0.1) is not. POST/PUT rows send the string body "b". Headers are "Name: value" lines, as the script
    /// set them. Picked from 4,264 observations that the rule reproduces without exception.
    /// </summary>
    public static TheoryData<Initiator, string, string, string?, string, string> Observed => new()
    {
        { Initiator.Fetch, "http://127.0.0.1:8081/t", "GET", null, "Accept: \"q\"\nIf-None-Match: \"v\"", "if-none-match" },
        { Initiator.Fetch, "http://127.0.0.1:8081/t", "GET", null, "If-None-Match: \"v\"\nAccept: \"q\"", "if-none-match" },
        { Initiator.Fetch, "http://127.0.0.1:8081/t", "GET", null, "Accept: \"q\"\nX-Z: 1", "x-z" },
        { Initiator.XmlHttpRequest, "http://127.0.0.1:8081/t", "GET", null, "Accept: \"q\"\nX-Z: 1", "x-z" },
        { Initiator.Fetch, "http://127.0.0.1:8081/t", "GET", null, "X-A: 1\nX-B: 1", "x-a" },
        { Initiator.Fetch, "http://127.0.0.1:8081/t", "GET", null, "X-B: 1\nX-A: 1", "x-a" },
        { Initiator.XmlHttpRequest, "http://127.0.0.1:8081/t", "GET", null, "accept-language: en\nfoo: 1\ndnt: 1\nsentry-trace: 1\nhmuwo6|dppwj|gzq#5k*xw1icu&7g1gq$9use4^bd-wwo^7rd: 1\nCONTENT-TYPE: text/plain\nLS$4|*D: 1\nPRAGMA: v\nSEC-FOO: 1\naccept: \"q\"\nW_U^X3JFJ: 1\nDLY: 1\nw: 1\nx-csrf-token: yyy\nla&`|skaxvcd0z8zj7*e4+y1''at7n0h9&5f_p1scl'bv+#^0as.q4elr|`+qpnN: 1\nQ|`z81etips70fcfb28e7i7-05qf`%my: 1", "w_u^x3jfj" },
        { Initiator.XmlHttpRequest, "http://127.0.0.1:8081/t", "GET", null, "x-y: yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy\ng-0F: 1\nO: 1\nF|`9d4bx`m6sjb~..'$g8^3_'r|!dthj+|ht|5|xdg1q$68oq: 1", "g-0f" },
        { Initiator.XmlHttpRequest, "http://127.0.0.1:8081/t", "GET", null, "accept: \"q\"\nx-tenant: v\nXth6&~h2!i`qgrs`qwda^kmtp*!va8^^'$zy62u`~u#ml8`6049c.uf1!y|oh%&o-ovr2zozzccfww+f4exuu2~-^.p_krpwA: 1\nTQDW: 1\nX4_r08d8|~01sng*xm51y1s9dwv2yicix|l+b-hah`'s9b$n: 1\nGiJ: 1\nYyq6y43_$k-strm5&eoyft5c+r535da: 1\nUW**N-#BU8IN'USXBEIOF%~_0*N8_.SZ: 1\nX-REQUEST-ID: yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy\nCONTENT-LANGUAGE: de\nM8DK$#X20UUDI&R+9W#IFASD%F*0F27BU0IE*'K$M|I58+2YA: 1\napikey: v\ncontent-type: text/plain\nIF-MATCH: yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy\nuser-agent: 1\nACCEPT-LANGUAGE: en", "x-request-id" },
        { Initiator.XmlHttpRequest, "http://127.0.0.1:8081/t", "POST", "b", "x-a: 1\naccept: */*\npzo^01&k06wlgyv: 1\nconnection: 1", "x-a" },
        { Initiator.XmlHttpRequest, "http://127.0.0.1:8081/t", "POST", "b", "x-b: 1\ncontent-language: @\nX-Csrf-Token: xxxxxxxxxxx\nx-12345678: abc", "x-csrf-token" },
        { Initiator.XmlHttpRequest, "http://127.0.0.1:8081/t", "GET", null, "sr!.7'%Y: 1\nr: 1", "r" },
        { Initiator.XmlHttpRequest, "http://127.0.0.1:8081/t", "GET", null, "if-match: yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy\nVeg`T: 1\nX-Y: 1", "x-y" },
        { Initiator.XmlHttpRequest, "http://127.0.0.1:8081/t", "GET", null, "x-very-long-header-name-here: abc\nRange: bytes=-200", "x-very-long-header-name-here" },
        { Initiator.Fetch, "http://127.0.0.1:8081/t", "GET", null, "jjhsjtporzmtdstsf: 1\nqe: 1\niulqvxti: 1\nnmnfi: 1\nbtynpktq: 1\nqr: 1\ncunuasxbcxbqcyu: 1\nmzhiln: 1\niopdxvbxpwqqjznqlavw: 1\ndvqhvwfovnwjkkvgw: 1\nsuvqswrsuxqsut: 1", "suvqswrsuxqsut" },
        { Initiator.Fetch, "http://127.0.0.1:8081/t", "GET", null, "juedflcofhicwr: 1\niiuviwolig: 1\nmfhgjqgisy: 1\nkual: 1\nnvacqqjhjysmancv: 1\nrvtylwuowdvqyypyy: 1\nuqmsooigwfiqsbfczirq: 1\nksluocjn: 1\nhktpkcaouogiwge: 1\npktoxlvxdc: 1\nvqsjzgbpvjwpewfm: 1\naydweq: 1", "pktoxlvxdc" },
        { Initiator.Fetch, "http://127.0.0.1:8081/t", "GET", null, "ghopfdhdsdaywfx: 1\nliigqwqlebolpaq: 1\nqsya: 1\nsbkbjbash: 1\nfuvvgjaftgqc: 1\nnbfk: 1\nzrq: 1\nmxlpwdteindpv: 1\njeavv: 1\nfv: 1\nfmgbmxunotkmo: 1", "qsya" },
        { Initiator.Fetch, "http://127.0.0.1:8081/t", "PUT", "b", "ACCEPT: \"q\"\ncontent-type: text/plain\nm'o7+3a'B: 1\nX-FOO: v\nmy-header: v\nT: 1\nNxqpzqc|%l8xa`smp'5tsv5a+g_y**#ch7!k$q$+-t~y|1hifb*_mvu|9*j~6w9dy_f0%s2~85jgi3*g2.y1.3r-'o'~^89*S: 1\nOL$'SDKUJ`B*SMIUSHCH.84$K2A#+C2103Y.8X^$$OF`LC~'`1|3$`!Q8M%PG3NCZYL`WJ0F#~SL~#U_SPCN5T!Y*PFXC%T5B: 1\np*f: 1\nL%*#86xi+35wq2ffygj`v4-^06c2shj: 1\nPZ: 1\nif-match: v\na9o!#%x9_O: 1", "p*f" },
        { Initiator.Fetch, "http://127.0.0.1:8081/t", "GET", null, "mogccfbscqi: 1\neso: 1\nokplihivx: 1\nq: 1\nurfelwyaiibohoub: 1\nndltvjb: 1\ndgdvleijjf: 1\nxriazoz: 1\nemcziuaajlgrggslsd: 1\npssjzxmvlsisiimlv: 1\njmfhxxsootorcs: 1\nphyqipfbmnu: 1", "okplihivx" },
        { Initiator.Fetch, "http://127.0.0.1:8081/t", "POST", "b", "B2XF6O-FKOU06MVVAYG5NRU6YJ8-VUX_MYE_WXO5GE7CKVSRJ: 1\nx-2: 1\nACCEPT-LANGUAGE: @\nX-Amz-Date: xxxxxxxx\nx-http-method: 1\nx-amz-security-token: abc\nX-A: xxxx", "x-2" },
        { Initiator.Fetch, "http://127.0.0.1:8081/t", "PUT", "b", "dnt: 1\npriority: v\nif-match: v", "if-match" },
        { Initiator.Fetch, "http://127.0.0.1:8081/t", "GET", null, "VC8K*JT|6M: 1\nLbhadz-v-pgdx'3'e%f!1$$b22i5kmj3-ls#k2s59q_9~7|`G: 1\nCONTENT-LANGUAGE: de\nq: yyyyyy\nF`!6&6MNG-BV6A6GB: 1", "q" },
        { Initiator.Fetch, "http://127.0.0.1:8081/t", "GET", null, "Jd_8sh61ov0_gsmx: abc\nan_ljon775h_l3b7p: 1\nX-Api-Key: xxxxxxxxxxxxxxxxxxxx", "jd_8sh61ov0_gsmx" },
        { Initiator.Fetch, "http://127.0.0.1:8081/t", "GET", null, "accept: \"q\"\nt+36#~ymmQ: 1\nUtw: 1\nAPIKEY: 1\nUSER-AGENT: 1", "utw" },
        { Initiator.Fetch, "http://127.0.0.1:8081/t", "POST", "b", "TCXTZD-Z6YLG9YHPKI-SAYDV: 1\nx-bar: 1\nAccept: \"q\"", "x-bar" },
        { Initiator.XmlHttpRequest, "http://127.0.0.1:8081/t", "POST", "b", "yhj45dtoapr2ploqyuuu1x27yd-_r4s9i: 1\ng7jy: xxxxxxxxxxxxxxxxxxxxxxxxxxxxx", "yhj45dtoapr2ploqyuuu1x27yd-_r4s9i" },
        { Initiator.XmlHttpRequest, "http://127.0.0.1:8081/t", "PUT", "b", "x-y: yyyyyyyyyyyyy\nC'`oc9sbmF: 1\nX-C: 1\nx-user-id: 1\naccept: */*\npriority: yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy\nT3_QNCZ: 1\nJws: 1\ncache-control: v\nx-trace-id: v\nuser-agent: 1\naccept-language: en", "x-y" },
        { Initiator.Fetch, "http://127.0.0.1:8081/t", "PUT", "b", "Q: v\nxy: yyyyyyyyyyyyyyy\napikey: 1\nlbs.xgiv7g29h5tW: 1\nbaggage: 1\nT'$6xmvk^9hgemh4`nw'9ye1n9t-$%36xg342b%v6#3akiW: 1\ncontent-type: text/plain\npk: 1\nuser-agent: 1\nqw$ai8kd0-h9t%m*^-vb_xiqphtm0s~id-%0%c%|q.'u$*3y0~sghg#ht`w7##aZ: 1\nYYW!Y'!$686C#+#PKX8LF+XJQ.~7.VLCUM+O|A^0`H%6Q|PM: 1\nCONTENT-LANGUAGE: de\nKixtb: 1", "qw$ai8kd0-h9t%m*^-vb_xiqphtm0s~id-%0%c%|q.'u$*3y0~sghg#ht`w7##az" },
        { Initiator.XmlHttpRequest, "http://api.test:8081/t", "PUT", "b", "KL|`$H#YPPFPKX+4W^6*`__+6+~XO&W*FX2IM5G#QK%~K`4N: 1\nW~ucdr^$o66zlu6l87pyqm^|i|verijjc: 1\ncontent-type: text/plain\nB#j0-ems!74tun`b1dt_p*m0~^y8pi4yx%jjwvi'&wn_cds: 1", "b#j0-ems!74tun`b1dt_p*m0~^y8pi4yx%jjwvi'&wn_cds" },
        { Initiator.XmlHttpRequest, "http://api.test:8081/t", "GET", null, "if-none-match: v\nUSER-AGENT: 1\nx-csrf-token: 1\ncache-control: v\nle5'!i4|x&c6`|uv: 1\ncontent-language: @\nx-1: 1\naccept-language: en\nZzt`otz..P: 1\nPxb0wf5~ehn2cfmj: 1\nx-bar: 1", "if-none-match" },
        { Initiator.Fetch, "http://api.test:8081/t", "GET", null, "CONTENT-TYPE: text/plain\nauthorization: 1", "authorization" },
        { Initiator.Fetch, "http://api.test:8081/t", "GET", null, "Df308tb`u!n.-'+t|+wm96qyyq!f8%ume1m^3q17zb'&*!ww3ok!hmwh^te+*f2j_1hedwwj'*kow6|l_'uj9t3*cp%k~114v: 1\nmy-header: yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy\nhR: 1", "my-header" },
        { Initiator.XmlHttpRequest, "http://api.test:8081/t", "GET", null, "PRIORITY: v\nCONTENT-LANGUAGE: de\nx-1: yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy\nBM+|.I+T: 1\nx-2: yyyyyyy", "x-2" },
        { Initiator.XmlHttpRequest, "http://localhost:8081/t", "GET", null, "PRIORITY: v\nCONTENT-LANGUAGE: de\nx-1: yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy\nBM+|.I+T: 1\nx-2: yyyyyyy", "x-2" },
        { Initiator.Fetch, "http://localhost:8081/t", "PUT", "b", "CONTENT-LANGUAGE: de\nH: 1\ncontent-type: text/foo\nYE'EUEP`7DHWTO'O4-+5I_QX^Z*~+BY%`AFFV^R4ZG!7J~J: 1", "ye'euep`7dhwto'o4-+5i_qx^z*~+by%`affv^r4zg!7j~j" },
        { Initiator.XmlHttpRequest, "http://127.0.0.1:8081/t", "GET", null, "downlink: 11111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111\ncontent-language: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\nrtt: 11111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111\nviewport-width: 11111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111\ndpr: 11111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111\nwidth: 11111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111\naccept-language: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\naccept: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\ndevice-memory: 11111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111\nbar: 1", "bar" },
        { Initiator.XmlHttpRequest, "http://127.0.0.1:8081/t", "GET", null, "dpr: 11111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111\naccept-language: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\ndevice-memory: 11111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111\nrtt: 11111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111\ncontent-language: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\nwidth: 11111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111\naccept: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\nx-custom: 1\nviewport-width: 11111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111\nq: 1\ndownlink: 11111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111", "x-custom" },
        { Initiator.Fetch, "http://127.0.0.1:8081/t", "GET", null, "dpr: 11111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111\naccept: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\nx-custom: 1\naccept-language: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\ndevice-memory: 11111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111\nwidth: 11111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111\nrtt: 11111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111\ndownlink: 11111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111\nviewport-width: 11111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111\ncontent-language: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "x-custom" },
        { Initiator.Fetch, "http://127.0.0.1:8081/t", "GET", null, "X-Very-Long-Header-Name-Here: 1\nFoo: abc\nx-another-rather-long-header-name-that-exceeds-48: abc", "x-another-rather-long-header-name-that-exceeds-48" },
        { Initiator.XmlHttpRequest, "http://127.0.0.1:8081/t", "GET", null, "baggage: yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy\nx-a: yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy\nx-b: v\nD^o7c*acvj_-sfmdc4v&+7i%ha4%'#2$zkg^$|9l6l8t$6i: 1\nxmj&r~pA: 1\nRV8O_$F: 1", "d^o7c*acvj_-sfmdc4v&+7i%ha4%'#2$zkg^$|9l6l8t$6i" },
        { Initiator.XmlHttpRequest, "http://127.0.0.1:8081/t", "GET", null, "Q: 1\nBxmt4kuzg: abc\nRange: bytes=-200\nrrxt32dh: abc", "q" },
        { Initiator.Fetch, "http://127.0.0.1:8081/t", "POST", "b", "Q: xxxxxxxxxxxxxxx\nXy: xxxxxxxxxxxxxxxxxxxxxxxxxx\nzv: 1\nfoo: xxxxxxxxxxxxxxx", "q" },
        { Initiator.Fetch, "http://127.0.0.1:8081/t", "GET", null, "Dnt: abc\nbaz: 1\nX-Forwarded-Proto: xxxxxx\npragma: xxxxxxxxxxxx", "baz" },
        { Initiator.Fetch, "http://127.0.0.1:8081/t", "GET", null, "E&SEPH: 1\nPrw'fci.gc!1dm`*w5`_z7.266s'6n+K: 1\nX-_8g.lddhpdyt11'ij5lm-*~%||dvam: 1\ndnt: 1", "x-_8g.lddhpdyt11'ij5lm-*~%||dvam" },
        { Initiator.XmlHttpRequest, "http://127.0.0.1:8081/t", "GET", null, "X-Z: abc\nEe: 1\nX-Custom-Header: xxxxxxxxxxxxxxxxxxxxxxx\nx-foo: 1", "x-custom-header" },
        { Initiator.XmlHttpRequest, "http://127.0.0.1:8081/t", "GET", null, "c4t: 1\nif-range: xxxxxxxxxxxxxxxxxxx\nPRAGMA: x\nx-12345678: xxxxxxxxxxxxxxxxxxxxxxxx\nV_WW: abc\ng9l0y18b-cwox-8dinrs-itje6nej-gzc: xxxxxxxxx\nq: xx\npriority: xxxxxxxxxxxxxxx\nx-http-method: abc", "q" },
        // The browser's keys go in as sec-ch-ua, sec-ch-ua-mobile, sec-ch-ua-platform, then user-agent: x-a, x-empty and
        // sec-ch-ua-mobile share bucket 5 of 8 / 13 of 16, and sec-ch-ua-mobile already holding bucket 5 when the table
        // grows pushes the first of x-a / x-empty past the second (browser harness C7). The rows below are from 200 runs
        // picked because the two insertion orders disagree on them (200/200 agree with this one, 10/200 with UA first).
        { Initiator.Fetch, "http://127.0.0.1:8081/t", "GET", null, "X-A: 1\nX-Empty: ", "x-empty" },
        { Initiator.Fetch, "http://127.0.0.1:8081/t", "GET", null, "X-A: 1\nX-Empty: v", "x-empty" },
        { Initiator.XmlHttpRequest, "http://127.0.0.1:8081/t", "GET", null, "X-A: 1\nX-Empty: ", "x-empty" },
        { Initiator.XmlHttpRequest, "http://127.0.0.1:8081/t", "GET", null, "X-Empty: v\nX-A: 1", "x-a" },
        { Initiator.XmlHttpRequest, "http://127.0.0.1:8081/t", "GET", null, "x-ytim: 1\nx-tav: 1", "x-tav" },
        { Initiator.Fetch, "http://127.0.0.1:8081/t", "GET", null, "x-tkfqi: 1\nx-tchc: 1", "x-tkfqi" },
        { Initiator.XmlHttpRequest, "http://127.0.0.1:8081/t", "GET", null, "x-dn: 1\nx-a: 1", "x-a" },
        { Initiator.Fetch, "http://127.0.0.1:8081/t", "GET", null, "x-fpyv: 1\nx-hm: 1", "x-hm" },
    };

    [Theory]
    [MemberData(nameof(Observed))]
    public void ReportsTheNameChromiumReports(Initiator initiator, string url, string method, string? body, string headers, string expected)
    {
        var request = new CorsRequest
        {
            Origin = Page,
            Url = new Uri(url),
            Method = method,
            Body = body,
            Initiator = initiator,
            Headers = [.. headers.Split('\n').Select(line => line.Split(": ", 2)).Select(p => new HttpHeader(p[0], p[1]))],
        };
        var classification = new BrowserModel(BrowserProfile.Chromium).Classify(request);
        var map = ChromiumHeaderOrder.MapOrder(classification.Headers, initiator, request.Url);
        var order = ChromiumHeaderOrder.CheckOrder(classification.UnsafeHeaderNames, classification.Headers, map, BrowserProfile.Chromium);

        Assert.Equal(expected, order[0]);
        Assert.Equal(classification.UnsafeHeaderNames.Order(StringComparer.Ordinal), order.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void ScriptOrderDoesNotMatterForFetch()
    {
        HttpHeader[] headers = [new("X-C", "1"), new("Accept", "\"q\""), new("X-Z", "1"), new("Cache-Control", "x"), new("Range", "bytes=-1")];
        var url = new Uri("http://127.0.0.1:8081/t");
        var first = ChromiumHeaderOrder.MapOrder(headers, Initiator.Fetch, url);
        var reversed = ChromiumHeaderOrder.MapOrder([.. headers.Reverse()], Initiator.Fetch, url);
        Assert.Equal(first, reversed);
        Assert.Equal(9, first.Count); // five script names, User-Agent and three client hints
    }

    [Fact]
    public void ClientHintsJoinTheMapOnlyForTrustworthyUrls()
    {
        HttpHeader[] headers = [new("X-A", "1")];
        Assert.Contains("sec-ch-ua", ChromiumHeaderOrder.MapOrder(headers, Initiator.Fetch, new Uri("http://localhost:1/")));
        Assert.Contains("sec-ch-ua", ChromiumHeaderOrder.MapOrder(headers, Initiator.Fetch, new Uri("https://b.example/")));
        Assert.Equal(["user-agent", "x-a"], ChromiumHeaderOrder.MapOrder(headers, Initiator.Fetch, new Uri("http://b.example/")).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("http://127.0.0.1/", true)]
    [InlineData("http://127.8.9.1:80/", true)]
    [InlineData("http://[::1]:8080/", true)]
    [InlineData("http://localhost/", true)]
    [InlineData("http://api.localhost/", true)]
    [InlineData("https://b.example/", true)]
    [InlineData("http://b.example/", false)]
    [InlineData("http://128.0.0.1/", false)]
    [InlineData("http://localhost.example/", false)]
    public void PotentiallyTrustworthy(string url, bool expected)
        => Assert.Equal(expected, ChromiumHeaderOrder.IsPotentiallyTrustworthy(new Uri(url)));

    [Fact]
    public void TableGrowsAtHalfFull()
    {
        // wtf/hash_table.h: 8 buckets hold 3 keys; the 4th doubles the table. Every key comes back exactly once.
        var keys = Enumerable.Range(0, 40).Select(i => "x-h" + i).ToList();
        var order = ChromiumHeaderOrder.BucketOrder(keys);
        Assert.Equal(keys.Order(StringComparer.Ordinal), order.Order(StringComparer.Ordinal));
        Assert.Equal(order, ChromiumHeaderOrder.BucketOrder(keys.Concat(keys)));
    }

    [Fact]
    public void HashIgnoresCaseAndFitsIn24Bits()
    {
        Assert.Equal(ChromiumHeaderOrder.Hash("x-custom-header"), ChromiumHeaderOrder.Hash("X-Custom-Header"));
        Assert.NotEqual(ChromiumHeaderOrder.Hash("x-a"), ChromiumHeaderOrder.Hash("x-b"));
        foreach (var name in new[] { "q", "xy", "abc", "x-12345678", "x-very-long-header-name-here", new string('h', 100) })
        {
            Assert.InRange(ChromiumHeaderOrder.Hash(name), 1u, 0xFFFFFFu);
        }
    }

    [Fact]
    public void SafelistedNamesCountedPastTheTotalComeAfterTheUnsafeOnes()
    {
        // cors.cc CorsUnsafeNotForbiddenRequestHeaderNames: the safelisted names join only past 1024 bytes, at the end.
        var a = new string('a', 128);
        var one = new string('1', 128);
        HttpHeader[] headers = [new("Accept", a), new("Accept-Language", a), new("Content-Language", a), new("DPR", one), new("Device-Memory", one),
            new("Downlink", one), new("Width", one), new("Viewport-Width", one), new("RTT", one), new("X-Zz", "1")];
        var request = new CorsRequest { Origin = Page, Url = new Uri("http://127.0.0.1:8081/t"), Headers = headers };
        var classification = new BrowserModel(BrowserProfile.Chromium).Classify(request);
        Assert.Equal(10, classification.UnsafeHeaderNames.Count);
        var map = ChromiumHeaderOrder.MapOrder(classification.Headers, Initiator.Fetch, request.Url);
        Assert.Equal("x-zz", ChromiumHeaderOrder.CheckOrder(classification.UnsafeHeaderNames, classification.Headers, map, BrowserProfile.Chromium)[0]);
    }

    /// <summary>
    /// Observed in Chromium 156.0.8078.79 headless, 2026-11-22 (120 of 120 such runs): the first hop (127.0.0.1, so the
    /// UA client hints are in the map) passes its preflight with <c>Access-Control-Allow-Headers: *</c> and answers 307
    /// to http://api.test (not trustworthy); the second preflight allows no header. Chromium still checks in the order
    /// of the map built for the first URL: a map built for the second URL would name the "instead" header.
    /// </summary>
    [Theory]
    [InlineData("X-Y: #49\ntoken: #31\ncookie: 1", "x-y")] // instead: token
    [InlineData("BWN: 1\nTRACEPARENT: 1\nX-1: yyy\nabc: v\nAudJ: 1", "bwn")] // instead: traceparent
    [InlineData("X-BAR: v\nconnection: 1\npriority: #25\nTRACEPARENT: v\nCONTENT-TYPE: text/plain\nACCEPT: \"q\"\ntjb: 1\norigin: 1", "x-bar")] // instead: traceparent
    public async Task OrderIsFixedWhenTheRequestStarts(string headers, string expected)
    {
        var server = new ScriptedServer(r =>
        {
            var hop1 = r.Url.Host == "127.0.0.1";
            List<HttpHeader> h = [new("Access-Control-Allow-Origin", ScriptedServer.Header(r, "Origin") ?? "")];
            if (r.Method == "OPTIONS")
            {
                h.Add(new("Access-Control-Allow-Methods", "GET, POST, PUT"));
                if (hop1)
                {
                    h.Add(new("Access-Control-Allow-Headers", "*"));
                }

                return new IncomingResponse { Status = 204, Headers = h };
            }

            if (hop1)
            {
                h.Add(new("Location", "http://api.test:8081/hop2/t"));
                return new IncomingResponse { Status = 307, Headers = h };
            }

            return new IncomingResponse { Status = 200, Headers = h };
        });
        var request = new CorsRequest
        {
            Origin = Page,
            Url = new Uri("http://127.0.0.1:8081/t"),
            Headers = [.. headers.Split('\n').Select(line => line.Split(": ", 2))
                .Select(p => new HttpHeader(p[0], p[1].StartsWith('#') ? new string('y', int.Parse(p[1][1..], System.Globalization.CultureInfo.InvariantCulture)) : p[1]))],
        };

        var verdict = await new BrowserModel(BrowserProfile.Chromium).RunAsync(request, server.Transport);

        Assert.False(verdict.Allowed);
        Assert.Equal(["OPTIONS", "GET", "OPTIONS"], server.Requests.Select(r => r.Method)); // the refused request is never sent
        var failure = Assert.IsType<CorsFailure>(verdict.Failure);
        Assert.Equal(ChromiumCorsError.HeaderDisallowedByPreflightResponse, failure.Code);
        Assert.Equal(expected, failure.FailedParameter);
    }
}
