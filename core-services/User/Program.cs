await TicketBottle.User.UserServiceApp.Build(args).RunAsync();
