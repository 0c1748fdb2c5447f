await TicketBottle.Waitroom.WaitroomServiceApp.Build(args).RunAsync();
