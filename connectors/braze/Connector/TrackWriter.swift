import ConnectorKit
import Foundation
import SyncCore

/// Sends `/users/track` chunks and settles each item from the response.
///
/// - 2xx `{"message": "success", "errors": [{"type", "input_array", "index"}]}` is a **partial** success: `index`
///   is 0-based within `input_array`; the items listed failed (`.rejected` with Braze's `type`, or `.retry` when
///   the type reads as transient), every other item is applied and never sent again.
/// - 400 is fatal, nothing was processed: the items listed in `errors` are rejected, the others retried. A 400
///   without item errors (e.g. `Max Input Length Exceeded`: the contract allows fewer objects than
///   `trackBatchMode`) retries the whole chunk with Braze's message.
/// - A thrown `ConnectorError` (after the client's own retries) retries the chunk, with the vendor's delay.
/// - 2xx with an unreadable body: the outcome is unknown, the chunk is retried (attribute writes are idempotent;
///   events carry `vendorsync_event_id`).
///
/// Source: Braze docs `post_user_track.md` (responses) and `_docs/_api/errors.md`.
struct TrackWriter: Sendable {
    let client: VendorHTTPClient
    let mode: BrazeConnector.Configuration.TrackBatchMode

    /// Sends `items` in chunks that fit the batch mode; `idempotencyKeys[i]` is mutation `i`'s key.
    func write(_ items: [TrackItem], idempotencyKeys: [String], into board: inout PushOutcomeBoard) async throws {
        for chunk in TrackChunk.split(items, mode: mode) {
            try Task.checkCancellation()
            await send(chunk, idempotencyKeys: idempotencyKeys, into: &board)
        }
    }

    private func send(_ chunk: TrackChunk, idempotencyKeys: [String], into board: inout PushOutcomeBoard) async {
        let response: VendorResponse
        do {
            // Attribute writes are idempotent, so the client may repeat a chunk after an ambiguous transport
            // failure; a chunk with events is not (Braze does not deduplicate events) and carries no key.
            let key =
                chunk.events.isEmpty
                ? IdempotencyKey.make(
                    chunk.all.map { idempotencyKeys.indices.contains($0.mutation) ? idempotencyKeys[$0.mutation] : "" }
                        .joined(separator: ","))
                : nil
            var request = VendorRequest(
                .post, "/users/track", body: try JSONEncoder.sorted.encode(chunk.body),
                rateLimitBucket: BrazeRateLimits.usersTrack, idempotencyKey: key, operation: BrazeOperation.usersTrack
            )
            request.headers.replaceOrAdd(name: "Content-Type", value: "application/json")
            response = try await client.send(request)
        } catch let error as ConnectorError {
            let afterMs = error.retryDelayMs
            for item in chunk.all {
                board.retry(item.mutation, "users.track failed: \(error.description)", afterMs: afterMs)
            }
            return
        } catch {
            for item in chunk.all { board.retry(item.mutation, "users.track failed: \(type(of: error))") }
            return
        }
        settle(chunk, response, into: &board)
    }

    private func settle(_ chunk: TrackChunk, _ response: VendorResponse, into board: inout PushOutcomeBoard) {
        guard let body = try? BrazeJSON.parse(response.body), case .object = body else {
            for item in chunk.all {
                board.retry(
                    item.mutation, "users.track: HTTP \(response.status) with an unreadable body; outcome unknown")
            }
            return
        }
        let errors = body["errors"]?.array ?? []
        var listed = Set<Int>()
        for error in errors {
            let array = error["input_array"]?.string ?? TrackItem.Array.attributes.rawValue
            guard let index = error["index"]?.scalarText.flatMap({ Int($0) }),
                let item = chunk.item(array: array, index: index)
            else { continue }
            listed.insert(item.mutation)
            let type = vendorText(error["type"]?.scalarText ?? "unspecified error", limit: 300)
            let reason = "braze refused \(array)[\(index)]: \(type)"
            if Self.isTransient(String(type)) {
                board.retry(item.mutation, reason)
            } else {
                board.reject(item.mutation, reason)
            }
        }
        guard response.status == 400 else { return }
        let message = vendorText(body["message"]?.string ?? "no message")
        for item in chunk.all where !listed.contains(item.mutation) {
            board.retry(item.mutation, "users.track refused the request (HTTP 400: \(message)); not processed")
        }
    }

    /// Whether a per-item error type reads as temporary.
    static func isTransient(_ type: String) -> Bool {
        let lowered = type.lowercased()
        return ["rate limit", "timeout", "timed out", "temporar", "internal", "try again"].contains {
            lowered.contains($0)
        }
    }
}
