await TicketBottle.Order.OrderServiceApp.Build(args).RunAsync();
