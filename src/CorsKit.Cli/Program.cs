namespace CorsKit.Cli;

internal static class Program
{
    private static int Main(string[] args)
    {
        if (args.Length == 1 && args[0] == "demo")
        {
            Console.WriteLine("corskit demo: coming together; see README.md.");
            return 0;
        }

        Console.Error.WriteLine("usage: corskit demo");
        return 2;
    }
}
