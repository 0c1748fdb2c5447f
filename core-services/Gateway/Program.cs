await TicketBottle.Gateway.GatewayApp.Build(args).RunAsync();
