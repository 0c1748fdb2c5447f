using TicketBottle.LocalInfrastructure;

namespace TicketBottle.Structure.UnitTests;

public sealed class DependencyRuleTests
{
    private static readonly IReadOnlyList<ProjectFile> Repository = Directory
        .EnumerateFiles(RepositoryPaths.Root, "*.csproj", SearchOption.AllDirectories)
        .Where(path => !path.Split(Path.DirectorySeparatorChar).Intersect(["bin", "obj", "node_modules", ".local"]).Any())
        .Select(path => ProjectFile.Read(RepositoryPaths.Root, path))
        .ToList();

    [Fact]
    public void Dependencies_point_one_way_production_to_nothing_local_tools_to_production_tests_to_anything()
    {
        Assert.Empty(DependencyRule.Violations(Repository));
        // The rule read the real graph: every layer is there.
        Assert.Equal(Enum.GetValues<ProjectLayer>(), Repository.Select(p => p.Layer).Distinct().Order());
    }

    [Theory]
    [InlineData("core-services/Order/O.csproj", "tools/LocalInfrastructure/L.csproj")]
    [InlineData("functions/Common/C.csproj", "tests/TicketBottle.Testing/T.csproj")]
    [InlineData("tools/LocalPlatform/P.csproj", "tests/TicketBottle.Testing/T.csproj")]
    [InlineData("bench/Load/B.csproj", "tests/TicketBottle.Testing/T.csproj")]
    public void A_reference_against_the_rule_is_reported(string from, string to)
    {
        ProjectFile[] projects = [new(from, [to], []), new(to, [], [])];

        Assert.Equal($"{from} ({projects[0].Layer}) references {to} ({projects[1].Layer}).", Assert.Single(DependencyRule.Violations(projects)));
    }

    [Fact]
    public void A_production_project_with_a_test_package_is_reported()
    {
        ProjectFile[] projects = [new("functions/EmailSender/E.csproj", [], ["MailKit", "SmtpServer"])];

        Assert.Equal("functions/EmailSender/E.csproj (Production) references the test/local package SmtpServer.",
            Assert.Single(DependencyRule.Violations(projects)));
    }

    [Fact]
    public void Every_project_is_in_the_solution_so_the_test_command_builds_it()
    {
        var solution = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "TicketBottle.sln")).Replace('\\', '/');

        Assert.Empty(Repository.Where(p => !solution.Contains($"\"{p.Path}\"", StringComparison.Ordinal)).Select(p => p.Path));
    }
}
