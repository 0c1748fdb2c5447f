namespace TicketBottle.Waitroom;

public enum StatusKind { UnknownEvent, Closed, NotQueued, Waiting, Admitted, AwaitingDraw }
