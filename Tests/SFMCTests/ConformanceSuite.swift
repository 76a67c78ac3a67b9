import ConnectorKit
import Foundation
import Logging
import SyncCore
import Testing

/// A connector conformance suite written against `VendorConnector` only, so every vendor's test target can run it
/// with its own hooks (copy this file; it uses nothing vendor-specific).
///
/// Each check records failures with `#expect` / `Issue.record` and returns what it observed for extra assertions.
enum ConformanceSuite {
    /// What a vendor's test target supplies.
    struct Hooks: Sendable {
        /// The stream to page.
        var stream: String
        /// A key identifying the vendor record of an item (e.g. the record key), for gap and duplicate checks.
        var itemKey: @Sendable (PulledItem) -> String?
        /// A comparable progress value of a cursor (e.g. the watermark ms); `nil` when the cursor has none yet.
        var progress: @Sendable (CursorToken) -> Int64?
        /// The pull time given to the connector.
        var now: UTCMillis = 1_700_000_000_000
        /// A page budget after which pagination counts as not terminating.
        var maxPages: Int = 10_000
    }

    /// Pagination terminates: pulling from `cursor` reaches `hasMore == false` within `hooks.maxPages`.
    /// - Returns: the items and the cursor after every page.
    @discardableResult
    static func paginationTerminates(
        _ connector: any VendorConnector, hooks: Hooks, from cursor: CursorToken? = nil
    ) async throws -> (items: [PulledItem], cursors: [CursorToken]) {
        var items: [PulledItem] = []
        var cursors: [CursorToken] = []
        var cursor = cursor
        for _ in 0..<hooks.maxPages {
            let page = try await connector.pull(stream: hooks.stream, after: cursor, context: PullContext(now: hooks.now))
            items += page.items
            cursors.append(page.cursor)
            cursor = page.cursor
            if !page.hasMore { return (items, cursors) }
        }
        Issue.record("\(connector.vendor)/\(hooks.stream): pagination did not terminate within \(hooks.maxPages) pages")
        return (items, cursors)
    }

    /// Checkpoints never move backwards: the progress of each page's cursor is ≥ the previous one's.
    static func checkpointsMonotonic(_ cursors: [CursorToken], hooks: Hooks) {
        var last: Int64?
        for (index, cursor) in cursors.enumerated() {
            guard let progress = hooks.progress(cursor) else {
                #expect(last == nil, "cursor \(index) lost its progress")
                continue
            }
            if let last { #expect(progress >= last, "cursor \(index) moved backwards: \(progress) < \(last)") }
            last = progress
        }
    }

    /// Resuming from a mid-stream cursor (a crash after `crashAfterPages` committed pages) leaves no gap: every
    /// key of an uninterrupted pass is also seen by the interrupted pass plus its resumption with a new connector.
    /// - Parameter makeConnector: builds a fresh connector over the same vendor state (a restarted process).
    static func resumeLeavesNoGap(
        makeConnector: @Sendable () -> any VendorConnector, hooks: Hooks, crashAfterPages: Int
    ) async throws {
        let full = try await paginationTerminates(makeConnector(), hooks: hooks)
        let expected = Set(full.items.compactMap(hooks.itemKey))
        let first = makeConnector()
        var cursor: CursorToken?
        var seen = Set<String>()
        for _ in 0..<crashAfterPages {
            let page = try await first.pull(stream: hooks.stream, after: cursor, context: PullContext(now: hooks.now))
            seen.formUnion(page.items.compactMap(hooks.itemKey))
            cursor = page.cursor
            if !page.hasMore { break }
        }
        let rest = try await paginationTerminates(makeConnector(), hooks: hooks, from: cursor)
        seen.formUnion(rest.items.compactMap(hooks.itemKey))
        let missing = expected.subtracting(seen)
        #expect(missing.isEmpty, "resume after \(crashAfterPages) pages missed \(missing.count) record(s)")
    }

    /// A 429 is honoured: the pull still succeeds, and the time the client waited (as the test's clock recorded
    /// it) is at least `minimumWaitMs`.
    static func rateLimitHonoured(
        _ connector: any VendorConnector, hooks: Hooks, waitedMs: @Sendable () -> Int64, minimumWaitMs: Int64
    ) async throws {
        let page = try await connector.pull(stream: hooks.stream, after: nil, context: PullContext(now: hooks.now))
        #expect(!page.items.isEmpty || !page.hasMore)
        #expect(waitedMs() >= minimumWaitMs, "waited \(waitedMs()) ms, expected at least \(minimumWaitMs) ms after a 429")
    }

    /// One outcome per pushed item, in order: `push` returns exactly `mutations.count` outcomes.
    @discardableResult
    static func oneOutcomePerItem(_ connector: any VendorConnector, mutations: [Mutation]) async throws -> [PushOutcome] {
        let outcomes = try await connector.push(mutations)
        #expect(outcomes.count == mutations.count, "\(outcomes.count) outcomes for \(mutations.count) mutations")
        return outcomes
    }

    /// No secret and no raw email in an error description or a log line: runs `action`, then checks the thrown
    /// error (if any), the outcome reasons it returns and every captured log line for each of `forbidden`.
    static func noSecretsLeak(
        forbidden: [String], logs: CapturedLogs, action: () async throws -> [String]
    ) async {
        var texts: [String] = []
        do {
            texts += try await action()
        } catch {
            texts.append(String(describing: error))
            texts.append(String(reflecting: error))
        }
        texts += logs.lines
        for secret in forbidden where !secret.isEmpty {
            for text in texts where text.contains(secret) {
                Issue.record("leaked a forbidden value in: \(text.prefix(200))")
            }
        }
    }
}

