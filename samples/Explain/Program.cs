var result = CorsExplainer.Explain(File.ReadAllText(args[0]), new ExplainOptions { Browser = BrowserEngine.Firefox });
if (result.Error is { } why) { Console.WriteLine($"not recognised: {why}"); return; }
foreach (var item in result.Items)
{
    Console.WriteLine($"{item.Verdict} {item.Code} ({item.Parameter}) {item.Url}");
    Console.WriteLine($"Cause: {item.Explanation}");
    Console.WriteLine($"Fix:   {item.Fix}");
    foreach (var line in item.ConsolesFor(BrowserEngine.Firefox)) Console.WriteLine($"{line.Engine}: {line.Text.Split('\n')[0]}");
    if (item.Advice is { } advice)
    {
        foreach (var h in advice.PreflightResponseHeaders) Console.WriteLine($"OPTIONS answer: {h.Name}: {h.Value}");
        foreach (var h in advice.ActualResponseHeaders) Console.WriteLine($"PUT answer:     {h.Name}: {h.Value}");
        var express = advice.Snippets.First(s => s.Stack == ServerStack.Express);
        Console.WriteLine($"{express.Title}:\n{express.Code}");
    }
}
