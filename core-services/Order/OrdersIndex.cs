using Amazon.DynamoDBv2.Model;

namespace TicketBottle.Order;

/// <summary>One global secondary index of the orders table: its name and the attributes it is keyed on.</summary>
public sealed record OrdersIndex(string Name, AttributeDefinition Hash, AttributeDefinition Range);
