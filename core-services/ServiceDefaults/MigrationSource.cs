using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;

namespace TicketBottle.ServiceDefaults;

public sealed record MigrationSource(Assembly Assembly);
