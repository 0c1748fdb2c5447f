using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;

namespace TicketBottle.Functions.EmailSender;

public enum ClaimResult { Claimed, AlreadySent, HeldByAnother }
