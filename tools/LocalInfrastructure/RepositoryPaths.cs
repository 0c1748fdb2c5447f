namespace TicketBottle.LocalInfrastructure;

public static class RepositoryPaths
{
    /// <summary>The checkout root: the nearest ancestor of the test binaries holding TicketBottle.sln.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>The sample Lambda events that `sam local invoke -e` uses; tests feed the same files to the handlers.</summary>
    public static string Events => Path.Combine(Root, "events");

    /// <summary>The build of a service (core-services/<paramref name="project"/>) in the caller's own configuration (Debug or Release).</summary>
    public static string ServiceAssembly(string project) =>
        Path.Combine(Root, "core-services", project, "bin", BuildConfiguration, "net10.0", $"TicketBottle.{project}.dll");

    /// <summary>Debug or Release: the caller's binaries sit in bin/&lt;configuration&gt;/net10.0/.</summary>
    public static string BuildConfiguration { get; } = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "TicketBottle.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"TicketBottle.sln not found above {AppContext.BaseDirectory}");
    }
}
