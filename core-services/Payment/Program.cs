await TicketBottle.Payment.PaymentServiceApp.Build(args).RunAsync();
