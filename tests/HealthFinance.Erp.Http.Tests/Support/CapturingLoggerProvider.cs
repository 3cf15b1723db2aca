using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace HealthFinance.Erp.Http.Tests.Support;

/// <summary>One captured log entry: the formatted message, every structured value, and the exception as text.</summary>
public sealed record CapturedLog(string Category, LogLevel Level, EventId EventId, string Message, string State, string? Exception)
{
    public string AllText => $"{Category} {EventId} {Message} {State} {Exception}";
}

/// <summary>Captures every log entry at every level, for tests that read what was logged.</summary>
public sealed class CapturingLoggerProvider : ILoggerProvider
{
    private readonly ConcurrentQueue<CapturedLog> _entries = new();

    public IReadOnlyList<CapturedLog> Entries => [.. _entries];

    public ILogger CreateLogger(string categoryName) => new CapturingLogger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class CapturingLogger(CapturingLoggerProvider provider, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var values = state is IEnumerable<KeyValuePair<string, object?>> pairs
                ? string.Join("; ", pairs.Select(p => $"{p.Key}={p.Value}"))
                : state?.ToString() ?? string.Empty;
            provider._entries.Enqueue(new CapturedLog(category, logLevel, eventId, formatter(state, exception), values, exception?.ToString()));
        }
    }
}
