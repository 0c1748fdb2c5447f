await TicketBottle.Inventory.InventoryServiceApp.Build(args).RunAsync();
