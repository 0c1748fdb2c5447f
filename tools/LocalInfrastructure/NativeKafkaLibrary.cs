using System.Runtime.InteropServices;

namespace TicketBottle.LocalInfrastructure;

/// <summary>
/// Finds a librdkafka build inside librdkafka.redist that loads on this machine, for the mock-cluster API that
/// Confluent.Kafka does not bind. On Debian 12 the default linux-x64 build wants libsasl2.so.3 (Debian ships .so.2)
/// while the centos8 build loads; Confluent.Kafka makes the same fallback for its own clients.
/// </summary>
public static class NativeKafkaLibrary
{
    private static readonly Lazy<string> LoadedPath = new(LoadOnce);

    private static string EnsureLoaded() => LoadedPath.Value;

    private static string LoadOnce()
    {
        var errors = new List<string>();
        foreach (var candidate in Candidates())
        {
            if (!File.Exists(candidate))
            {
                continue;
            }

            if (NativeLibrary.TryLoad(candidate, out var handle))
            {
                NativeLibrary.Free(handle);
                return candidate;
            }

            errors.Add(candidate);
        }

        throw new DllNotFoundException(
            "No loadable librdkafka found (tried: " + string.Join(", ", errors.DefaultIfEmpty("none present")) +
            "). Restore the Confluent.Kafka package (librdkafka.redist ships the native builds).");
    }

    private static IEnumerable<string> Candidates()
    {
        var rid = RuntimeInformation.ProcessArchitecture == Architecture.Arm64 ? "linux-arm64" : "linux-x64";
        var baseDirectories = new[]
        {
            AppContext.BaseDirectory,
            Path.GetDirectoryName(typeof(Confluent.Kafka.Library).Assembly.Location) ?? "",
        };
        foreach (var directory in baseDirectories.Where(d => d.Length > 0).Distinct())
        {
            var native = Path.Combine(directory, "runtimes", rid, "native");
            yield return Path.Combine(native, "librdkafka.so");
            yield return Path.Combine(native, "centos8-librdkafka.so");
        }

        // Running from the NuGet cache (e.g. `dotnet run` of a project whose output didn't copy runtimes/).
        var version = typeof(Confluent.Kafka.Library).Assembly.GetName().Version;
        var nugetRoot = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
                        ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        var redist = Path.Combine(nugetRoot, "librdkafka.redist");
        if (Directory.Exists(redist))
        {
            foreach (var versionDirectory in Directory.GetDirectories(redist)
                         .OrderByDescending(d => Path.GetFileName(d).StartsWith($"{version?.Major}.{version?.Minor}", StringComparison.Ordinal)))
            {
                var native = Path.Combine(versionDirectory, "runtimes", rid, "native");
                yield return Path.Combine(native, "librdkafka.so");
                yield return Path.Combine(native, "centos8-librdkafka.so");
            }
        }
    }

    internal static IntPtr Handle => NativeLibrary.Load(EnsureLoaded());
}
