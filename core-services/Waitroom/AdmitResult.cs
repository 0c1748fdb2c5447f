using System.Globalization;
using System.Security.Cryptography;
using StackExchange.Redis;

namespace TicketBottle.Waitroom;

public sealed record AdmitResult(bool UnknownEvent, bool NotStarted, IReadOnlyList<string> Admitted);
