namespace TicketBottle.Messaging;

/// <summary>
/// Runs a Kafka consume loop on a thread of its own. <c>Consume</c> blocks; on a thread-pool thread it starves the
/// pool of a 2-core pod (min threads = cores, new ones injected slowly) and every request of the service waits.
/// </summary>
public static class ConsumerThread
{
    public static Task Start(string name, Action loop)
    {
        var completion = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                loop();
                completion.SetResult();
            }
            catch (Exception ex)
            {
                completion.SetException(ex);
            }
        }) { IsBackground = true, Name = name };
        thread.Start();
        return completion.Task;
    }
}
