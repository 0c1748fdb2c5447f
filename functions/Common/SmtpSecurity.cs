namespace TicketBottle.Functions.Common;

public enum SmtpSecurity { None, StartTls, SslOnConnect }
