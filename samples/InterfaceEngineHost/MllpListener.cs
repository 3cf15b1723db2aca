using System.Buffers;
using System.Net;
using System.Net.Sockets;
using HealthFinance.Hl7v2;
using HealthFinance.Sync;
using HealthFinance.Sync.Inputs;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace InterfaceEngineHost;

/// <summary>Where the listener accepts connections.</summary>
public sealed class MllpListenerOptions
{
    /// <summary>The address to listen on; loopback unless the host is meant to be reached from other machines.</summary>
    public IPAddress Address { get; set; } = IPAddress.Loopback;

    /// <summary>The TCP port (2575 is the registered HL7 port); 0 lets the system pick a free one.</summary>
    public int Port { get; set; } = 2575;
}

/// <summary>
/// Receives HL7 v2 messages over MLLP and answers each one on the same connection: it parses and validates the
/// message, hands a valid one to the sync pipeline (when the host composed one), and only then writes the ACK:
/// AA when accepted, AE or AR with one ERR segment per finding (segment, field, component and HL7 table 0357 code).
/// </summary>
public sealed partial class MllpListener(IOptions<MllpListenerOptions> options, TimeProvider timeProvider, ILogger<MllpListener> logger, SyncPipeline? pipeline = null)
    : BackgroundService
{
    private readonly TaskCompletionSource<IPEndPoint> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes with the bound endpoint once the listener accepts connections.</summary>
    public Task<IPEndPoint> Listening => _listening.Task;

    /// <inheritdoc/>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var listener = new TcpListener(options.Value.Address, options.Value.Port);
        listener.Start();
        _listening.TrySetResult((IPEndPoint)listener.LocalEndpoint);
        LogListening(logger, listener.LocalEndpoint);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var client = await listener.AcceptTcpClientAsync(stoppingToken).ConfigureAwait(false);
                _ = ServeAsync(client, stoppingToken); // one task per connection; each connection is served in order
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The host is stopping.
        }
    }

    private async Task ServeAsync(TcpClient client, CancellationToken cancellationToken)
    {
        using var _ = client;
        var stream = client.GetStream();
        await using var reader = new Hl7v2MllpReader(stream, leaveOpen: true);
        await using var writer = new Hl7v2MllpWriter(stream, leaveOpen: true);
        try
        {
            while (await reader.ReadMessageAsync(cancellationToken).ConfigureAwait(false) is { } message)
            {
                var ack = await HandleAsync(message, cancellationToken).ConfigureAwait(false);
                await writer.WriteMessageAsync(ack, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Hl7v2ReaderException e)
        {
            // Bytes outside a frame: the stream cannot be resynchronised, so the connection is closed (HL7-0006).
            LogFramingError(logger, e.ErrorCode);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException)
        {
            // The peer went away or the host is stopping; an unanswered message is sent again by the peer.
        }
    }

    private async Task<ReadOnlyMemory<byte>> HandleAsync(ReadOnlyMemory<byte> message, CancellationToken cancellationToken)
    {
        // Parse and validate: every finding has a code and a position, and the result says which ACK code it deserves.
        var result = Hl7v2Parser.ParseMessage(message.Span);
        LogReceived(logger, result.MessageType, result.MessageControlId, result.AckCode, result.Diagnostics.Count);

        if (result.AckCode == Hl7v2AckCode.Accept && pipeline is not null)
        {
            // Commit before acknowledging: once the sender has its AA it forgets the message. If this throws (the
            // state store is down), no ACK is written and the sender resends; the pipeline's idempotency keys make
            // the resend harmless. A message the posting rules refuse is still accepted: it waits, quarantined
            // with its reason, in the dead-letter store for a replay after the rules are fixed.
            var input = SyncInput.FromBytes($"mllp-{result.MessageControlId}.hl7", message);
            var report = await pipeline.RunAsync([input], cancellationToken: cancellationToken).ConfigureAwait(false);
            LogSynced(logger, result.MessageControlId, report.Posted, report.Journals, report.Quarantined, report.NothingToPost);
        }

        var ack = new ArrayBufferWriter<byte>();
        Hl7v2Acknowledgment.Write(message.Span, result, ack, new Hl7v2AcknowledgmentOptions { Timestamp = timeProvider.GetUtcNow() });
        return ack.WrittenMemory;
    }

    [LoggerMessage(1, LogLevel.Information, "Listening for MLLP on {Endpoint}.")]
    private static partial void LogListening(ILogger logger, EndPoint endpoint);

    [LoggerMessage(2, LogLevel.Information, "Received {MessageType} {ControlId}: {AckCode} with {Findings} findings.")]
    private static partial void LogReceived(ILogger logger, string? messageType, string? controlId, Hl7v2AckCode ackCode, int findings);

    [LoggerMessage(3, LogLevel.Information, "Synced {ControlId}: {Posted} posted ({Journals} journals), {Quarantined} quarantined, {NothingToPost} with nothing to post.")]
    private static partial void LogSynced(ILogger logger, string? controlId, long posted, long journals, long quarantined, long nothingToPost);

    [LoggerMessage(4, LogLevel.Warning, "{Code}: MLLP framing error; the connection is closed.")]
    private static partial void LogFramingError(ILogger logger, string code);
}
