using HealthFinance.Canonical.Internal;

namespace HealthFinance.Canonical.Events;

/// <summary>
/// The billing context of a patient account as a registration or account feed reports it (HL7 v2 BAR^P01/P05/P12,
/// ADT^A04/A08, and the IN1/GT1 of a DFT): encounter, patient class and type, attending provider, the guarantors and
/// the coverages in order. Identifiers only: never names, birth dates or diagnoses.
/// </summary>
/// <remarks>Invariant: coverage sequence numbers are unique.</remarks>
public sealed record AccountContextUpdated : CanonicalEvent
{
    /// <summary>The patient account (PID-18).</summary>
    /// <exception cref="CanonicalModelException">The value is <c>default</c>.</exception>
    public required PatientAccountNumber Account { get; init => field = Guard.Id(value); }

    /// <summary>The encounter (PV1-19), when known.</summary>
    public EncounterId? Encounter { get; init => field = Guard.OptionalId(value); }

    /// <summary>The facility (PV1-3 facility component), when known.</summary>
    public FacilityId? Facility { get; init => field = Guard.OptionalId(value); }

    /// <summary>The patient class code (PV1-2, e.g. <c>I</c> inpatient, <c>O</c> outpatient), when known.</summary>
    public string? PatientClass { get; init => field = Guard.OptionalText(value); }

    /// <summary>The patient type code (PV1-18 or FT1-18), when known.</summary>
    public string? PatientType { get; init => field = Guard.OptionalText(value); }

    /// <summary>The financial class code (PV1-20), when known.</summary>
    public string? FinancialClass { get; init => field = Guard.OptionalText(value); }

    /// <summary>The assigned patient location's point of care (PV1-3 or FT1-16), when known.</summary>
    public string? Location { get; init => field = Guard.OptionalText(value); }

    /// <summary>The attending provider's identifier (PV1-7), when known.</summary>
    public ProviderId? AttendingProvider { get; init => field = Guard.OptionalId(value); }

    /// <summary>The guarantor identifiers (GT1-2), in source order.</summary>
    /// <exception cref="CanonicalModelException">An identifier is empty or untrimmed.</exception>
    public EquatableArray<string> Guarantors { get; init => field = Guard.Codes(value); }

    /// <summary>The coverages (IN1), in source order.</summary>
    /// <exception cref="CanonicalModelException">The list holds <see langword="null"/> or repeats a sequence number.</exception>
    public EquatableArray<AccountCoverage> Coverages
    {
        get;
        init
        {
            var seen = new HashSet<int>();
            foreach (var coverage in Guard.Items(value))
            {
                if (!seen.Add(coverage.Sequence))
                {
                    throw new CanonicalModelException(CanonicalErrorCodes.InvalidValue, "Coverage sequence numbers must be unique.", nameof(Coverages));
                }
            }

            field = value;
        }
    }
}

/// <summary>One coverage of a patient account (an HL7 IN1 segment): identifiers only.</summary>
public sealed record AccountCoverage
{
    /// <summary>The 1-based coverage order (IN1-1: 1 primary, 2 secondary...).</summary>
    /// <exception cref="CanonicalModelException">The value is less than 1.</exception>
    public required int Sequence { get; init => field = Guard.Positive(value); }

    /// <summary>The insurance plan identifier (IN1-2 or FT1-14), when known.</summary>
    public string? Plan { get; init => field = Guard.OptionalText(value); }

    /// <summary>The insurance company identifier (IN1-3), when known.</summary>
    public PayerId? Payer { get; init => field = Guard.OptionalId(value); }

    /// <summary>The group number (IN1-8), when known.</summary>
    public string? GroupNumber { get; init => field = Guard.OptionalText(value); }

    /// <summary>The plan type code (IN1-15), when known.</summary>
    public string? PlanType { get; init => field = Guard.OptionalText(value); }

    /// <summary>The policy (member) number (IN1-36), when known.</summary>
    public string? PolicyNumber { get; init => field = Guard.OptionalText(value); }
}
