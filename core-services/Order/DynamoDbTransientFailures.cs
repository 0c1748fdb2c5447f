using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using TicketBottle.ServiceDefaults;

namespace TicketBottle.Order;

/// <summary>Throttling, DynamoDB-side errors and lost connections are worth a retry; validation errors are bugs.</summary>
public sealed class DynamoDbTransientFailures : ITransientFailureClassifier
{
    public bool IsTransient(Exception exception) => exception switch
    {
        ProvisionedThroughputExceededException or RequestLimitExceededException or InternalServerErrorException => true,
        AmazonServiceException { StatusCode: >= System.Net.HttpStatusCode.InternalServerError } => true,
        AmazonClientException => true,
        _ => false,
    };
}
