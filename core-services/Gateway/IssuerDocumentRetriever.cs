using Microsoft.IdentityModel.Protocols;

namespace TicketBottle.Gateway;

/// <summary>
/// Reads the issuer's discovery document and JWKS — the same documents, the same checks — from another base address:
/// in the cluster the Gateway's own loopback port, because its pods may not leave the cluster to reach the public
/// issuer URL (deploy/k8s NetworkPolicy) while the documents still name that URL for API Gateway.
/// </summary>
public sealed class IssuerDocumentRetriever(string issuer, string fetchFrom, IDocumentRetriever inner) : IDocumentRetriever
{
    private readonly string _issuer = issuer.TrimEnd('/');
    private readonly string _fetchFrom = fetchFrom.TrimEnd('/');

    public Task<string> GetDocumentAsync(string address, CancellationToken cancel) =>
        inner.GetDocumentAsync(address.StartsWith(_issuer + "/", StringComparison.Ordinal) ? _fetchFrom + address[_issuer.Length..] : address, cancel);
}
