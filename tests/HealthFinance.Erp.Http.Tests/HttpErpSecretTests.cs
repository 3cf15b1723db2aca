using System.Net;
using System.Text;
using HealthFinance.Erp.Http.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace HealthFinance.Erp.Http.Tests;

/// <summary>The client secret and the access tokens never reach a log entry (at any level) or an exception message.</summary>
public sealed class HttpErpSecretTests
{
    private const string WrongSecret = "wrong-secret-4711";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SecretsAndTokens_NeverAppearInLogsOrExceptions()
    {
        var texts = new List<string>();
        var secrets = new List<string> { FakeErp.ClientSecret, WrongSecret, Basic(FakeErp.ClientSecret), Basic(WrongSecret) };

        await using (var host = await HttpErpTestHost.StartAsync(o => o.AttemptTimeout = TimeSpan.FromSeconds(1)))
        {
            // Success, a refused token replaced after a 401, an ambiguous failure, a timeout, a permanent refusal, a lookup.
            await host.Adapter.PostAsync(HttpErpTestHost.Batch(HttpErpTestHost.Journal("a")), Ct);
            host.Erp.RevokeTokens();
            await host.Adapter.PostAsync(HttpErpTestHost.Batch(HttpErpTestHost.Journal("b")), Ct);
            host.Erp.EnqueuePostFault(ErpFault.CommitThenAbort, ErpFault.CommitThenSlow(TimeSpan.FromSeconds(20)), ErpFault.Fail(403), ErpFault.Unauthorized, ErpFault.Unauthorized);
            for (var i = 0; i < 4; i++)
            {
                texts.Add((await Assert.ThrowsAsync<HttpErpException>(() => host.Adapter.PostAsync(HttpErpTestHost.Batch(HttpErpTestHost.Journal($"f-{i}")), Ct))).ToString());
            }

            await host.Adapter.LookupAsync("a", Ct);
            // At least the first, one after the revocation, and one per 401 of the refused call (a slow token answer adds a retry).
            Assert.True(host.Erp.IssuedTokens.Count >= 4);
            secrets.AddRange(host.Erp.IssuedTokens);
            texts.AddRange(host.Logs.Entries.Select(e => e.AllText));
        }

        // A wrong secret, which the token endpoint echoes back in its error description.
        await using (var wrong = await HttpErpTestHost.StartAsync(o => o.ClientSecret = WrongSecret))
        {
            texts.Add((await Assert.ThrowsAsync<HttpErpException>(() => wrong.Adapter.PostAsync(HttpErpTestHost.Batch(HttpErpTestHost.Journal("w")), Ct))).ToString());
            texts.AddRange(wrong.Logs.Entries.Select(e => e.AllText));
        }

        Assert.True(texts.Count > 20, "Too little was logged for the test to mean anything.");
        Assert.Contains(texts, t => t.Contains("Authorization", StringComparison.Ordinal));
        foreach (var secret in secrets)
        {
            Assert.DoesNotContain(texts, t => t.Contains(secret, StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task InvalidOptions_ListProblems_WithoutQuotingTheSecretOrUriCredentials()
    {
        var services = new ServiceCollection();
        services.AddHealthFinanceHttpErp(o =>
        {
            o.Endpoint = new Uri("https://erp-user:uri-password-77@erp.example/api/journals");
            o.TokenEndpoint = new Uri("https://login.example/token");
            o.ClientId = "hf";
            o.ClientSecret = "options-secret-99";
            o.AttemptTimeout = TimeSpan.Zero;
        });
        await using var provider = services.BuildServiceProvider();

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IErpAdapter>());

        Assert.Contains(ex.Failures, f => f.Contains("Endpoint must not carry credentials", StringComparison.Ordinal));
        Assert.Contains(ex.Failures, f => f.Contains("AttemptTimeout", StringComparison.Ordinal));
        Assert.DoesNotContain("options-secret-99", ex.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("uri-password-77", ex.ToString(), StringComparison.Ordinal);
    }

    private static string Basic(string secret) => Convert.ToBase64String(Encoding.UTF8.GetBytes(FakeErp.ClientId + ":" + WebUtility.UrlEncode(secret)));
}
