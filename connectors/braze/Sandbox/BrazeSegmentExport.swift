import Foundation
import SandboxKit
import ZIPFoundation

/// One `POST /users/export/segment` request as the emulator keeps it: the users it covers (fixed when it was
/// requested, in `created_at` order), the requested fields, the download polls still answered "not ready", and the
/// ZIP once it has been built.
///
/// Braze writes "one file per 5,000 users" (docs: `post_users_segment`, credential-based response details); the
/// emulator does the same, one deflated `.txt` entry per `usersPerFile` users, one JSON user object per line.
/// The ZIP is built on the first download after the export is "done", in `usersPerFile` slices (the store lock is
/// held per slice only), so a request never copies the whole workspace into one string.
struct BrazeSegmentExport: Sendable {
    /// `<uuid>-<epoch seconds>`, as Braze names its exports.
    var objectPrefix: String
    /// `braze_id`s of the exported users, in file and line order.
    var brazeIds: [String]
    /// `fields_to_export`.
    var fields: Set<String>
    /// Download polls still to be answered like a not-yet-written S3 object.
    var notReadyPolls: Int
    /// Users per `.txt` entry.
    var usersPerFile: Int
    /// The archive, once built.
    var zip: Data?

    /// Entry names: `<prefix>-0.txt`, `<prefix>-1.txt`, …
    func entryName(_ index: Int) -> String { "\(objectPrefix)-\(index).txt" }

    /// The number of `.txt` entries (at least one, empty when the segment is).
    var fileCount: Int { max(1, (brazeIds.count + usersPerFile - 1) / max(1, usersPerFile)) }
}

/// How segment exports behave in the emulator.
public struct BrazeSegmentExportTiming: Sendable, Equatable {
    /// Download polls answered `404 NoSuchKey` (then `403 AccessDenied` for every other one) before the file is
    /// there, like a pre-signed URL handed out before Braze has written the object. Default 2.
    public var notReadyPolls: Int
    /// Users per `.txt` file in the ZIP. Default 5,000 (Braze's documented split).
    public var usersPerFile: Int

    /// - Parameters: see the properties.
    public init(notReadyPolls: Int = 2, usersPerFile: Int = 5_000) {
        self.notReadyPolls = max(0, notReadyPolls)
        self.usersPerFile = max(1, usersPerFile)
    }
}

extension BrazeSandboxState {
    /// Builds the ZIP of `export`: each entry rendered from the current profiles in one short locked section, then
    /// deflated outside the lock.
    /// - Throws: ZIPFoundation's `Archive.ArchiveError` (not expected for in-memory archives).
    func buildArchive(of export: BrazeSegmentExport) throws -> Data {
        let archive = try Archive(accessMode: .create)
        for index in 0..<export.fileCount {
            let slice = export.brazeIds.dropFirst(index * export.usersPerFile).prefix(export.usersPerFile)
            let lines: Data = data.withLock { data in
                var bytes: [UInt8] = []
                for id in slice {
                    guard let profile = data.store.profile(brazeId: id) else { continue }  // deleted since
                    let user = profile.exportJSON(
                        fields: export.fields, events: data.store.events[id] ?? [],
                        purchases: data.store.purchases[id] ?? [])
                    bytes += user.serialized()
                    bytes.append(0x0A)
                }
                return Data(bytes)
            }
            try archive.addEntry(
                with: export.entryName(index), type: .file, uncompressedSize: Int64(lines.count),
                modificationDate: Date(timeIntervalSince1970: TimeInterval(clock.nowMilliseconds() / 1000)),
                compressionMethod: .deflate
            ) { position, size in
                lines.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        return archive.data ?? Data()
    }
}
