namespace TicketBottle.Structure.UnitTests;

/// <summary>Where a project sits decides what it may reference: production → production; tools and benches → production
/// and tools; tests → anything.</summary>
public enum ProjectLayer { Production, Tooling, Tests }
