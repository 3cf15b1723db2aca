using HealthFinance.Canonical.Diagnostics;
using static HealthFinance.Erp.Abstractions.Tests.Support.Journals;

namespace HealthFinance.Erp.Abstractions.Tests;

public sealed class ErpContractTests
{
    [Fact]
    public void ErpException_CarriesCodeAndClassification()
    {
        var ambiguous = new ErpException(ErpErrorCodes.OutcomeUnknown, "Timed out.", isTransient: true, isAmbiguous: true);
        var permanent = new ErpException("Refused.");

        Assert.Equal((ErpErrorCodes.OutcomeUnknown, true, true), (ambiguous.ErrorCode, ambiguous.IsTransient, ambiguous.IsAmbiguous));
        Assert.Equal((ErpErrorCodes.RequestRefused, false, false), (permanent.ErrorCode, permanent.IsTransient, permanent.IsAmbiguous));
        Assert.Equal(ErpErrorCodes.RequestRefused, new ErpException().ErrorCode);
        var inner = new TimeoutException();
        Assert.Same(inner, new ErpException("x", inner).InnerException);
    }

    [Fact]
    public void ErpException_AmbiguousButPermanent_OrWithoutCode_Throws()
    {
        Assert.Throws<ArgumentException>(() => new ErpException(ErpErrorCodes.OutcomeUnknown, "x", isTransient: false, isAmbiguous: true));
        Assert.Throws<ArgumentException>(() => new ErpException(" ", "x", isTransient: true));
    }

    [Fact]
    public void ErrorCodes_AreDistinctAndShaped()
    {
        var codes = typeof(ErpErrorCodes).GetFields().Select(f => (string)f.GetValue(null)!).ToList();

        Assert.Equal(codes.Count, codes.Distinct(StringComparer.Ordinal).Count());
        Assert.All(codes, c => Assert.Matches("^ERP-[0-9]{4}$", c));
    }

    [Fact]
    public void ErrorCodes_AreAllListedInTheDiagnosticsPage()
    {
        var page = File.ReadAllText(Path.Combine(HealthFinance.TestUtilities.Corpus.RepositoryRoot, "docs", "diagnostics.md"));

        foreach (var field in typeof(ErpErrorCodes).GetFields())
        {
            Assert.Contains($"| {field.GetValue(null)} |", page, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Acknowledgments_RequireWhatTheirStatusNeeds()
    {
        Assert.Throws<ArgumentException>(() => ErpAcknowledgment.Accepted("k", " "));
        Assert.Throws<ArgumentException>(() => ErpAcknowledgment.Accepted("", "D1"));
        Assert.Throws<ArgumentException>(() => ErpAcknowledgment.Rejected("k", "", "why"));
        Assert.Throws<ArgumentException>(() => ErpAcknowledgment.Rejected("k", "C1", ""));
        Assert.Throws<ArgumentException>(() => ErpAcknowledgment.TransientFailure("k", ""));

        var accepted = ErpAcknowledgment.Accepted("k", "D1", isDuplicate: true);
        Assert.True(accepted.IsAccepted);
        Assert.True(accepted.IsDuplicate);
        Assert.Equal("k: already posted as D1.", accepted.ToPostingMessage().Text);
        Assert.Equal(DiagnosticSeverity.Information, accepted.ToPostingMessage().Severity);
        var rejected = ErpAcknowledgment.Rejected("k", "C1", "Closed period.").ToPostingMessage();
        Assert.Equal((DiagnosticSeverity.Error, "C1", "k: rejected: Closed period."), (rejected.Severity, rejected.Code, rejected.Text));
        var transient = ErpAcknowledgment.TransientFailure("k", "Locked.", " ");
        Assert.Null(transient.Code);
        Assert.Equal(ErpAcknowledgmentStatus.TransientFailure, transient.Status);
    }

    [Fact]
    public void LookupResults()
    {
        Assert.Equal((ErpLookupStatus.Found, "D1"), (ErpLookupResult.Found("D1").Status, ErpLookupResult.Found("D1").DocumentId));
        Assert.Equal(ErpLookupStatus.NotFound, ErpLookupResult.NotFound.Status);
        Assert.Equal(ErpLookupStatus.Unsupported, ErpLookupResult.Unsupported.Status);
        Assert.Throws<ArgumentException>(() => ErpLookupResult.Found(""));
    }

    [Fact]
    public void Capabilities_RefuseImpossibleLimits()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ErpCapabilities { MaxLinesPerJournal = 1 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new ErpCapabilities { MaxJournalsPerBatch = 0 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new ErpCapabilities { MaxRequestsPerSecond = 0 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new ErpCapabilities { MaxRequestsPerSecond = double.PositiveInfinity });
        Assert.Equal(int.MaxValue, ErpCapabilities.Unlimited.MaxLinesPerJournal);
        Assert.Null(ErpCapabilities.Unlimited.MaxRequestsPerSecond);
    }

    [Fact]
    public void Batch_RefusesEmptyOrDuplicateKeys_AndHasAStableId()
    {
        Assert.Throws<ArgumentException>(() => new ErpBatch([]));
        Assert.Throws<ArgumentException>(() => new ErpBatch([new ErpJournal(Pairs("a", 1)), new ErpJournal(Pairs("a", 2))]));
        Assert.Throws<ArgumentNullException>(() => new ErpBatch([null!]));

        var batch = new ErpBatch([new ErpJournal(Pairs("a", 1)), new ErpJournal(Pairs("b", 2))]);
        Assert.Equal(batch.BatchId, new ErpBatch([new ErpJournal(Pairs("a", 1)), new ErpJournal(Pairs("b", 2))]).BatchId);
        Assert.NotEqual(batch.BatchId, new ErpBatch([new ErpJournal(Pairs("b", 2)), new ErpJournal(Pairs("a", 1))]).BatchId);
        Assert.Matches("^B-[0-9a-f]{24}$", batch.BatchId);
        Assert.Equal(6, batch.LineCount);
    }

    [Fact]
    public void Journal_PartArgumentsAreChecked()
    {
        var entry = Pairs("a#1/2", 1);
        Assert.Throws<ArgumentOutOfRangeException>(() => new ErpJournal(entry, "a", 3, 2, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ErpJournal(entry, "a", 0, 2, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ErpJournal(entry, "a", 1, 2, -1));
        Assert.Throws<ArgumentException>(() => new ErpJournal(entry, "a", 1, 1, 0));
        Assert.Throws<ArgumentNullException>(() => new ErpJournal(null!));
        Assert.True(new ErpJournal(entry, "a", 1, 2, 0).IsPart);
    }
}
