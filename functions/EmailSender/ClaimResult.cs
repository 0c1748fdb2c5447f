namespace TicketBottle.Functions.EmailSender;

public enum ClaimResult { Claimed, AlreadySent, HeldByAnother }
