using System.Reflection.PortableExecutable;
using TicketBottle.LocalInfrastructure;

namespace TicketBottle.Deployment.Tests;

/// <summary>
/// How the services' images are compiled (core-services/Directory.Build.targets): the deploy publishes them for the
/// cluster's nodes (`-r linux-x64`), which makes them ReadyToRun. The image itself cannot be built here (its base image
/// is pulled from the internet), so this publishes what goes into it.
/// </summary>
public sealed class ImagePublishTests
{
    private static readonly string Project = Path.Combine(RepositoryPaths.Root, "core-services", "Event");

    [Fact]
    public async Task A_service_published_for_the_cluster_is_precompiled_with_its_libraries_while_its_build_stays_il_only()
    {
        var output = Directory.CreateTempSubdirectory("tb-publish-");
        try
        {
            // The referenced projects' builds are used as they are: test projects running side by side load them.
            await ProcessRunner.RunAsync("dotnet", ["publish", Project, "-c", RepositoryPaths.BuildConfiguration, "-r", "linux-x64", "--self-contained", "false",
                "-p:BuildProjectReferences=false", "-o", output.FullName], TimeSpan.FromMinutes(5));

            Assert.True(IsReadyToRun(Path.Combine(output.FullName, "TicketBottle.Event.dll")));
            Assert.True(IsReadyToRun(Path.Combine(output.FullName, "Npgsql.dll")));
            Assert.False(IsReadyToRun(RepositoryPaths.ServiceAssembly("Event")));
        }
        finally
        {
            output.Delete(recursive: true);
        }
    }

    /// <summary>A ReadyToRun image carries native code, found through the CLI header's managed native header.</summary>
    private static bool IsReadyToRun(string assembly)
    {
        using var pe = new PEReader(File.OpenRead(assembly));
        return pe.PEHeaders.CorHeader!.ManagedNativeHeaderDirectory.Size > 0;
    }
}
