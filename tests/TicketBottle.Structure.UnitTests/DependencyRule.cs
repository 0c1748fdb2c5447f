namespace TicketBottle.Structure.UnitTests;

/// <summary>The dependency rule: production code ships nothing local or test-only, and nothing outside it is needed to run it.</summary>
public static class DependencyRule
{
    /// <summary>
    /// Packages that only tests and local stand-ins need; a production project that references one ships it. (ZXing.Net
    /// is not one: the ticket renderer reads each QR code back with it before printing.)
    /// </summary>
    public static readonly string[] TestAndLocalPackages =
    [
        "xunit", "xunit.runner.visualstudio", "Microsoft.NET.Test.Sdk", "Microsoft.AspNetCore.Mvc.Testing", "Microsoft.AspNetCore.TestHost",
        "Microsoft.Extensions.TimeProvider.Testing", "SmtpServer", "BenchmarkDotNet", "HdrHistogram",
    ];

    public static IEnumerable<string> Violations(IReadOnlyList<ProjectFile> projects)
    {
        var byPath = projects.ToDictionary(p => p.Path);
        foreach (var project in projects)
        {
            foreach (var reference in project.ProjectReferences)
            {
                if (!byPath.TryGetValue(reference, out var target))
                {
                    yield return $"{project.Path} references {reference}, which does not exist.";
                }
                else if (!MayReference(project.Layer, target.Layer))
                {
                    yield return $"{project.Path} ({project.Layer}) references {reference} ({target.Layer}).";
                }
            }

            if (project.Layer == ProjectLayer.Production)
            {
                foreach (var package in project.PackageReferences.Intersect(TestAndLocalPackages))
                {
                    yield return $"{project.Path} (Production) references the test/local package {package}.";
                }
            }
        }
    }

    private static bool MayReference(ProjectLayer from, ProjectLayer to) => from switch
    {
        ProjectLayer.Production => to == ProjectLayer.Production,
        ProjectLayer.Tooling => to != ProjectLayer.Tests,
        _ => true,
    };
}
