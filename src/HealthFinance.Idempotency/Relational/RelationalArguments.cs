using HealthFinance.Idempotency.DeadLetters;
using HealthFinance.Idempotency.Keys;
using HealthFinance.Idempotency.Lifecycle;
using HealthFinance.Idempotency.Outbox;
using HealthFinance.Idempotency.Parking;

namespace HealthFinance.Idempotency.Relational;

/// <summary>The argument checks of the relational stores, made before any connection is taken; the same rules as every other store.</summary>
internal static class RelationalArguments
{
    public static void Key(IdempotencyKey key, string paramName)
    {
        if (key == default)
        {
            throw new ArgumentException("The idempotency key is empty.", paramName);
        }
    }

    public static void Defined<TEnum>(TEnum value, string paramName)
        where TEnum : struct, Enum
    {
        if (!Enum.IsDefined(value))
        {
            throw new ArgumentOutOfRangeException(paramName, value, $"Not a defined {typeof(TEnum).Name}.");
        }
    }

    public static void Record(IdempotencyRecord record, string paramName)
    {
        ArgumentNullException.ThrowIfNull(record, paramName);
        ArgumentNullException.ThrowIfNull(record.Keys, paramName);
        ArgumentNullException.ThrowIfNull(record.EventType, paramName);
        foreach (var key in record.Keys.All)
        {
            Key(key, paramName);
        }

        Defined(record.Status, paramName);
    }

    public static void Claim(ClaimKey claim, string paramName)
    {
        if (claim.Payer == default || claim.ClaimId == default)
        {
            throw new ArgumentException("The claim key needs a payer and a claim id.", paramName);
        }
    }

    public static void Transition(ClaimTransition transition, string paramName)
    {
        ArgumentNullException.ThrowIfNull(transition, paramName);
        Claim(transition.Claim, paramName);
        Key(transition.CausedBy, paramName);
        Defined(transition.To, paramName);
    }

    public static void Payment(ClaimPaymentRecord payment, string paramName)
    {
        ArgumentNullException.ThrowIfNull(payment, paramName);
        Claim(payment.Claim, paramName);
        Key(payment.PaymentKey, paramName);
    }

    public static void Lookup(ClaimLookup lookup, string paramName)
    {
        ArgumentNullException.ThrowIfNull(lookup, paramName);
        if (lookup.ClaimId == default)
        {
            throw new ArgumentException("The claim id is empty.", paramName);
        }
    }

    public static void Park(ParkRequest request, string paramName)
    {
        ArgumentNullException.ThrowIfNull(request, paramName);
        Key(request.InputKey, paramName);
        Key(request.WaitingFor, paramName);
        ArgumentNullException.ThrowIfNull(request.EventType, paramName);
        ArgumentNullException.ThrowIfNull(request.Reason, paramName);
        ArgumentNullException.ThrowIfNull(request.Context, paramName);
        if (request.Expiry is { } expiry && expiry <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(paramName, expiry, "The expiry must be positive.");
        }
    }

    public static void DeadLetter(DeadLetterRequest request, string paramName)
    {
        ArgumentNullException.ThrowIfNull(request, paramName);
        Key(request.InputKey, paramName);
        ArgumentNullException.ThrowIfNull(request.Reason, paramName);
        ArgumentNullException.ThrowIfNull(request.Context, paramName);
        ArgumentNullException.ThrowIfNull(request.PayloadType, paramName);
    }

    public static void Query(DeadLetterQuery query, string paramName)
    {
        ArgumentNullException.ThrowIfNull(query, paramName);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(query.Limit, paramName);
        if (query.Status is { } status)
        {
            Defined(status, paramName);
        }
    }

    public static void Resolution(DeadLetterStatus status, string paramName)
    {
        if (status == DeadLetterStatus.Open)
        {
            throw new ArgumentException("A dead letter is resolved as Replayed or Discarded, not Open.", paramName);
        }

        Defined(status, paramName);
    }

    public static void Message(OutboxMessage message, string paramName)
    {
        ArgumentNullException.ThrowIfNull(message, paramName);
        Key(message.Key, paramName);
        ArgumentNullException.ThrowIfNull(message.Destination, paramName);
        ArgumentNullException.ThrowIfNull(message.PayloadType, paramName);
    }
}
