namespace TicketBottle.Functions.EmailSender;

public enum SmtpSecurity { None, StartTls, SslOnConnect }
