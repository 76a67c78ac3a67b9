import ConnectorKit
import Foundation
import SyncCore

/// A failed test expectation outside `#expect`.
public struct TestFailure: Error, CustomStringConvertible {
    public let description: String

    /// A failure described by `description`.
    public init(_ description: String) { self.description = description }
}

/// A clock whose sleeps advance time at once and are recorded (UTC epoch ms).
public final class VirtualClock: Sendable {
    private let state: Locked<(now: Int64, sleeps: [Int64])>

    /// A clock starting at `startMs`.
    public init(startMs: Int64 = 1_700_000_000_000) { state = Locked((startMs, [])) }

    /// Every sleep requested so far, in ms.
    public var sleeps: [Int64] { state.withLock { $0.sleeps } }

    /// Moves time forward without recording a sleep.
    public func advance(by ms: Int64) { state.withLock { $0.now += ms } }

    /// The current time, ms.
    public var nowMs: Int64 { state.withLock { $0.now } }

    /// The clock as the HTTP layer takes it.
    public var epochClock: EpochClock {
        EpochClock(
            nowMs: { [state] in state.withLock { $0.now } },
            sleep: { [state] ms in state.withLock { $0.now += max(0, ms); $0.sleeps.append(ms) } }
        )
    }
}

/// Pages a stream to its end, the way the engine does, for connector tests.
public enum PageWalker {
    /// Pulls `stream` from `cursor` until `hasMore == false`; returns the items and the cursors after each page.
    /// - Throws: the connector's errors, or `TestFailure` when `maxPages` pages do not finish the stream.
    public static func pullAll(
        _ connector: any VendorConnector, stream: String, from cursor: CursorToken? = nil, now: UTCMillis, maxPages: Int = 1_000
    ) async throws -> (items: [PulledItem], cursors: [CursorToken]) {
        var items: [PulledItem] = []
        var cursors: [CursorToken] = []
        var cursor = cursor
        for _ in 0..<maxPages {
            let page = try await connector.pull(stream: stream, after: cursor, context: PullContext(now: now))
            items += page.items
            cursors.append(page.cursor)
            cursor = page.cursor
            if !page.hasMore { return (items, cursors) }
        }
        throw TestFailure("\(stream) did not finish within \(maxPages) pages")
    }

    /// The changes of `items`.
    public static func changes(_ items: [PulledItem]) -> [RemoteChange] {
        items.compactMap { if case let .change(change) = $0 { change } else { nil } }
    }

    /// The rejected records of `items`.
    public static func rejections(_ items: [PulledItem]) -> [RejectedRecord] {
        items.compactMap { if case let .rejected(record) = $0 { record } else { nil } }
    }
}
