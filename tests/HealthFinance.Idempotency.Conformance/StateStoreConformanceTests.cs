using System.Text;
using HealthFinance.Canonical;
using HealthFinance.Idempotency.DeadLetters;
using HealthFinance.Idempotency.Keys;
using HealthFinance.Idempotency.Lifecycle;
using HealthFinance.Idempotency.Outbox;
using HealthFinance.Idempotency.Parking;
using HealthFinance.Idempotency.Protection;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace HealthFinance.Idempotency.Conformance;

/// <summary>
/// The behaviour every <see cref="IStateStore"/> must show. A store's test project derives from this class and
/// creates its store; every test then runs against it.
/// </summary>
/// <remarks>
/// <para>Each test gets a fresh store from <see cref="CreateStoreAsync"/>, called once per test with
/// <see cref="Options"/>: a <see cref="FakeTimeProvider"/> starting at <see cref="Start"/>, one generated payload key
/// (<see cref="OriginalKeyId"/>), parking expiry 14 days, payload retention 30 days, history retention 400 days and key
/// retention 500 days. The base calls <see cref="IStateStore.MigrateAsync"/> once more after creation (migration
/// must be safe to repeat).</para>
/// <para>Durable stores override <see cref="SupportsReopen"/> and <see cref="ReopenAsync"/> to show that payloads
/// written before a key rotation are read after it.</para>
/// </remarks>
public abstract partial class StateStoreConformanceTests : IAsyncLifetime
{
    /// <summary>When every test's clock starts.</summary>
    protected static readonly DateTimeOffset Start = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    /// <summary>The id of the payload key every test starts with.</summary>
    protected const string OriginalKeyId = "2026-03";

    /// <summary>The id of the key a rotation adds.</summary>
    protected const string RotatedKeyId = "2026-09";

    private readonly List<IStateStore> _stores = [];
    private readonly string _originalKey = PayloadKeyRing.NewKey();
    private IStateStore? _store;

    /// <summary>The clock of every store of the test.</summary>
    protected FakeTimeProvider Time { get; } = new(Start);

    /// <summary>The options the store was created with.</summary>
    protected StateStoreOptions Options { get; private set; } = null!;

    /// <summary>The store under test.</summary>
    protected IStateStore Store => _store ?? throw new InvalidOperationException("The store is created in InitializeAsync.");

    /// <summary>Whether <see cref="ReopenAsync"/> opens the same database again (durable stores).</summary>
    protected virtual bool SupportsReopen => false;

    /// <summary>The test's cancellation token.</summary>
    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <inheritdoc/>
    public virtual async ValueTask InitializeAsync()
    {
        Options = CreateOptions(rotated: false);
        _store = await CreateStoreAsync(Options);
        _stores.Add(_store);
        await _store.MigrateAsync(Ct);
    }

    /// <inheritdoc/>
    public virtual async ValueTask DisposeAsync()
    {
        foreach (var store in _stores)
        {
            switch (store)
            {
                case IAsyncDisposable asyncDisposable:
                    await asyncDisposable.DisposeAsync();
                    break;
                case IDisposable disposable:
                    disposable.Dispose();
                    break;
            }
        }

        GC.SuppressFinalize(this);
    }

    /// <summary>Creates a fresh, empty store with the given options, migrated to the current schema.</summary>
    /// <param name="options">The options (clock, key ring and retention of the test).</param>
    /// <returns>The store; disposed by the base after the test when it is disposable.</returns>
    protected abstract ValueTask<IStateStore> CreateStoreAsync(StateStoreOptions options);

    /// <summary>Opens a second store over the database of the store from <see cref="CreateStoreAsync"/>, which is still open, with other options.</summary>
    /// <param name="options">The options (e.g. a rotated key ring).</param>
    /// <returns>The store; disposed by the base after the test when it is disposable.</returns>
    /// <exception cref="NotSupportedException">The store is not durable (<see cref="SupportsReopen"/> is <see langword="false"/>).</exception>
    protected virtual ValueTask<IStateStore> ReopenAsync(StateStoreOptions options)
        => throw new NotSupportedException("This store keeps nothing beyond its own instance.");

    /// <summary>Creates the options of the test: the original key ring, or the rotated one (original key kept, new key current).</summary>
    /// <param name="rotated">Whether to rotate the key ring.</param>
    /// <returns>The options.</returns>
    protected StateStoreOptions CreateOptions(bool rotated)
    {
        var options = new StateStoreOptions
        {
            TimeProvider = Time,
            ParkingExpiry = TimeSpan.FromDays(14),
            Retention = new RetentionOptions
            {
                PayloadRetention = TimeSpan.FromDays(30),
                HistoryRetention = TimeSpan.FromDays(400),
                KeyRetention = TimeSpan.FromDays(500),
            },
            CurrentPayloadKeyId = rotated ? RotatedKeyId : OriginalKeyId,
        };
        options.PayloadKeys[OriginalKeyId] = _originalKey;
        if (rotated)
        {
            options.PayloadKeys[RotatedKeyId] = PayloadKeyRing.NewKey();
        }

        return options;
    }

    private async ValueTask<IStateStore> ReopenRotatedAsync()
    {
        var store = await ReopenAsync(CreateOptions(rotated: true));
        _stores.Add(store);
        return store;
    }

    private static IdempotencyKey Key(string kind, string value) => IdempotencyKey.Derive(kind, value);

    private static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    private static IdempotencyRecord Record(EventKeys keys, ProcessingStatus status = ProcessingStatus.Accepted, string? detail = null, string eventType = "remittance")
        => new(keys, eventType, status, detail);

    private static ClaimKey Claim(string payer = "PAYER-A", string claimId = "PCN-1001") => new(new PayerId(payer), new PatientControlNumber(claimId));

    private static ClaimTransition Transition(ClaimKey claim, ClaimState to, string cause, string? pccn = null, decimal? amount = null, string? note = null)
        => new(claim, to, Key("cause", cause), pccn is null ? null : new PayerClaimControlNumber(pccn), amount is { } a ? new Money(a, CurrencyCode.USD) : null, note);

    private static BusinessContext Context(string claimId = "PCN-1001", decimal amount = 150.00m) => new()
    {
        ClaimId = claimId,
        PayerId = "PAYER-A",
        Amount = new Money(amount, CurrencyCode.USD),
        Format = SourceFormat.X12,
        SourceName = "era-20260302.835",
        Position = "ST*0001/CLP[1]",
    };

    private static ParkRequest Park(string input, string waitingFor, string payload, TimeSpan? expiry = null)
        => new(Key("remittance", input), "remittance", Key("wait-claim", waitingFor), "claim not yet submitted", Bytes(payload), Context(), expiry);

    private static DeadLetterRequest DeadLetterOf(string input, string reason = "BPR02 does not balance", string payload = "ISA*00*...~", string code = "HIPAA-0201")
        => new(Key("remittance", input), "remittance", reason, [code], Context(), Bytes(payload), "x12");

    private static OutboxMessage Message(string key, string destination = "jsonl", string payload = "{\"journal\":1}")
        => new(Key("journal", key), destination, "journal+json", Bytes(payload));

    private static void AssertParked(ParkedInput expected, ParkedInput actual, string expectedPayload)
    {
        Assert.Equal(expected with { Payload = default }, actual with { Payload = default });
        Assert.Equal(expectedPayload, Encoding.UTF8.GetString(actual.Payload.Span));
    }
}
