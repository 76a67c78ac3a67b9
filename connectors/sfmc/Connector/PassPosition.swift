import Crypto
import Foundation

/// How far the engine has committed a paged Retrieve, kept in the stream cursors so that a restart can resume it.
///
/// `requestID` is the open Retrieve's `RequestID`; `deliveredRows` the rows returned to the engine in this pass;
/// `digest` a SHA-256 chain over those rows as sent (`SOAPNode.xml`), in order: `d₀ = ""`,
/// `dᵢ₊₁ = hex(SHA-256(dᵢ ‖ rowᵢ))`. A restart re-issues the pass's Retrieve, re-reads `deliveredRows` rows and
/// compares their digest with `digest`: equal means SFMC returned the same rows in the same order, so they are
/// skipped and the rest is delivered; otherwise the pass starts over.
struct PassPosition: Codable, Sendable, Equatable {
    var requestID: String?
    var deliveredRows: Int = 0
    var digest: String = ""

    /// Whether no page of the pass has been delivered yet.
    var isFresh: Bool { requestID == nil && deliveredRows == 0 }

    /// The digest after `rows`.
    static func chain(_ digest: String, _ rows: some Sequence<SOAPNode>) -> String {
        var value = digest
        for row in rows {
            var hash = SHA256()
            hash.update(data: Data(value.utf8))
            hash.update(data: Data(row.xml.utf8))
            value = hex(hash.finalize())
        }
        return value
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    private static func hex(_ digest: SHA256.Digest) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(64)
        for byte in digest {
            bytes.append(hexDigits[Int(byte >> 4)])
            bytes.append(hexDigits[Int(byte & 0x0f)])
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// The rows SFMC has sent for each `RequestID` this connector instance opened or continued (in memory only).
///
/// `ContinueRequest` is server state: it always returns the page after the last one SFMC sent. Continuing is safe
/// only when SFMC has sent exactly the rows the cursor says were delivered; after a restart (empty ledger) or a page
/// that was fetched but not committed (ledger ahead of the cursor), the pass is re-issued instead.
final class ContinueLedger: @unchecked Sendable {
    private let lock = NSLock()
    private var sent: [String: Int] = [:]
    private static let capacity = 256

    /// Rows SFMC has sent for `requestID`, or `nil` when this instance does not know it.
    func rowsSent(_ requestID: String) -> Int? {
        lock.withLock { sent[requestID] }
    }

    /// Records `rows` sent for `requestID` (`nil` rows forgets it).
    func record(_ requestID: String, rows: Int?) {
        lock.withLock {
            if sent.count >= Self.capacity, sent[requestID] == nil { sent.removeAll() }
            sent[requestID] = rows
        }
    }
}
