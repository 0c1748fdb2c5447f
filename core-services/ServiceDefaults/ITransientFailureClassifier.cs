namespace TicketBottle.ServiceDefaults;

/// <summary>Lets a service name the failures of its own data store that a caller may retry (answered as UNAVAILABLE).</summary>
public interface ITransientFailureClassifier
{
    bool IsTransient(Exception exception);
}
