using System.Security.Cryptography;

namespace TicketBottle.LocalInfrastructure;

/// <summary>A P-256 key for the local platform: read from its file, or made and written there (owner-only) on first use.</summary>
public static class LocalKeyFile
{
    /// <param name="path">Null: a fresh key kept in memory only (tests).</param>
    public static ECDsa LoadOrCreateP256(string? path)
    {
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        if (path is null)
        {
            return key;
        }

        if (File.Exists(path))
        {
            key.ImportFromPem(File.ReadAllText(path));
            return key;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, key.ExportPkcs8PrivateKeyPem());
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        return key;
    }
}
