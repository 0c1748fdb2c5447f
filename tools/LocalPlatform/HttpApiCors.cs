namespace TicketBottle.LocalPlatform;

/// <summary>An AWS::Serverless::HttpApi's CorsConfiguration, which the local function host applies as API Gateway does.</summary>
public sealed record HttpApiCors(string[] AllowOrigins, string[] AllowHeaders, string[] AllowMethods, TimeSpan MaxAge);
