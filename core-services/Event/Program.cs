await TicketBottle.Event.EventServiceApp.Build(args).RunAsync();
