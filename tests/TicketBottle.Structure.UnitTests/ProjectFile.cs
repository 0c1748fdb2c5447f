using System.Xml.Linq;

namespace TicketBottle.Structure.UnitTests;

/// <summary>A project as its .csproj declares it: path relative to the repository root, project and package references.</summary>
public sealed record ProjectFile(string Path, IReadOnlyList<string> ProjectReferences, IReadOnlyList<string> PackageReferences)
{
    public ProjectLayer Layer => Path.Split('/')[0] switch
    {
        "core-services" or "functions" => ProjectLayer.Production,
        "tools" or "bench" or "infra" => ProjectLayer.Tooling,
        "tests" => ProjectLayer.Tests,
        var top => throw new InvalidOperationException($"{Path}: no layer for the top-level folder '{top}'."),
    };

    public static ProjectFile Read(string root, string fullPath)
    {
        var document = XDocument.Load(fullPath);
        var directory = System.IO.Path.GetDirectoryName(fullPath)!;
        string Relative(string path) => System.IO.Path.GetRelativePath(root, path).Replace('\\', '/');
        return new ProjectFile(
            Relative(fullPath),
            document.Descendants("ProjectReference")
                .Select(r => Relative(System.IO.Path.GetFullPath(System.IO.Path.Combine(directory, r.Attribute("Include")!.Value.Replace('\\', '/')))))
                .ToList(),
            document.Descendants("PackageReference").Select(r => r.Attribute("Include")!.Value).ToList());
    }
}
