using System.Globalization;
using System.Security.Cryptography;
using StackExchange.Redis;

namespace TicketBottle.Waitroom;

public enum StatusKind { UnknownEvent, Closed, NotQueued, Waiting, Admitted }
