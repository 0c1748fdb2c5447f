using Grpc.Net.Client;
using TicketBottle.Contracts.Inventory.V1;
using TicketBottle.Contracts.Order.V1;
using TicketBottle.Contracts.Payment.V1;
using TicketBottle.Contracts.Waitroom.V1;

namespace TicketBottle.Functions.Cleanup;

/// <summary>One batch of a service's sweep RPC: how many items it processed, plus named counters for the log.</summary>
public sealed record SweepBatch(int Processed, IReadOnlyDictionary<string, long> Counters);
