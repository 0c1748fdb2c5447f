using TicketBottle.Contracts.Tickets;
using System.Text;
using Amazon.S3.Model;
using TicketBottle.LocalInfrastructure;
using TicketBottle.Testing;

namespace TicketBottle.Functions.Tickets.Tests;

/// <summary>Round trips through a real S3 protocol server (s3rver) with the AWS SDK.</summary>
public sealed class TicketStoreTests : IAsyncLifetime
{
    private NodeToolServer _s3 = null!;
    private TicketStoreOptions _options = null!;

    public async Task InitializeAsync()
    {
        _s3 = await NodeToolServer.StartS3Async();
        _options = new TicketStoreOptions { BucketName = "tickets-test", ServiceUrl = _s3.ServiceUrl.ToString() };
        using var client = TicketStore.CreateClient(_options);
        await client.PutBucketAsync(_options.BucketName);
    }

    public Task DisposeAsync()
    {
        _s3.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Pdf_is_stored_once_per_order_and_downloads_through_the_presigned_url()
    {
        using var client = TicketStore.CreateClient(_options);
        var store = new TicketStore(client, _options);
        var order = SampleOrders.Confirmed(tickets: 2);
        var pdf = new TicketPdfRenderer(new TicketTokens(Encoding.UTF8.GetBytes("key-for-store-tests-0123456789abcdef"))).Render(order);

        Assert.False(await store.ExistsAsync(order.OrderId, CancellationToken.None));
        await store.SaveAsync(order.OrderId, pdf, CancellationToken.None);
        await store.SaveAsync(order.OrderId, pdf, CancellationToken.None);
        var url = await store.DownloadUrlAsync(order.OrderId);
        using var http = new HttpClient();
        var downloaded = await http.GetByteArrayAsync(url);

        Assert.True(await store.ExistsAsync(order.OrderId, CancellationToken.None));
        Assert.Equal(pdf, downloaded);
        Assert.Contains("X-Amz-Signature=", url);
        var listed = await client.ListObjectsV2Async(new ListObjectsV2Request { BucketName = _options.BucketName, Prefix = "tickets/" });
        Assert.Equal([TicketStore.KeyFor(order.OrderId)], listed.S3Objects.Select(o => o.Key));
    }
}
