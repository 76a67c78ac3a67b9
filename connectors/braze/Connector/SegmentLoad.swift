import ConnectorKit
import Foundation
import SyncCore

/// The `segment` stream: a bulk first load of every user in a Braze segment through `POST /users/export/segment`.
///
/// Braze has no "users changed since" listing and `/users/export/ids` reads 50 known users per call at 250 calls a
/// minute, so a workspace the hub does not know yet is loaded this way. One pass:
/// 1. ask for an export (`segment_id`, `fields_to_export` as the `profiles` sweep) → `object_prefix` and `url`;
///    the first page is empty and only stores them in the cursor;
/// 2. download the ZIP once into the spool directory (`SegmentExportSpool`); until Braze has written it the URL
///    answers 403/404, which `BrazeResponseClassifier` turns into the HTTP layer's backoff retries;
/// 3. hand out `pageSize` users per page, reading the ZIP entry as a stream from the cursor's file and line;
///    each user is mapped by `ProfileMapper` exactly like the sweep's (users without `external_id` are skipped:
///    the hub keys Braze records by it); an unreadable line is rejected with its reason;
/// 4. after the last line the load is complete; the stream then idles until `intervalSeconds` (never by default).
///
/// Source: Braze docs `_docs/_api/endpoints/export/user_data/post_users_segment.md`.
struct SegmentLoad: Sendable {
    static let name = "segment"
    /// The longest export line read, bytes (a longer user is rejected unread).
    static let maxLineBytes = 8 << 20

    let settings: BrazeConnector.SegmentExport
    let configuration: BrazeConnector.Configuration
    let client: VendorHTTPClient
    let vendor: VendorName

    /// The page after `token`.
    /// - Throws: `ConnectorError` from the HTTP client (the download gives up with `.transient`/`retryLater` while
    ///   the export is not ready) or `.malformedResponse` (no `url` in Braze's answer, an unreadable ZIP).
    func pull(after token: CursorToken?, now: Int64) async throws -> Page {
        var cursor =
            try token?.decode(SegmentCursor.self, expectedVersion: SegmentCursor.version)
            ?? SegmentCursor(loads: 0, completedAt: nil, lastObjectPrefix: nil, export: nil)
        let spool = SegmentExportSpool(directory: settings.spoolDirectory, client: client)
        guard var export = cursor.export else {
            if let prefix = cursor.lastObjectPrefix {
                spool.remove(objectPrefix: prefix)
                cursor.lastObjectPrefix = nil
            }
            if let completed = cursor.completedAt {
                guard let interval = settings.intervalSeconds, now - completed >= Int64(max(0, interval)) * 1000 else {
                    return try page([], cursor, hasMore: false)
                }
            }
            cursor.export = try await requestExport(now: now)
            return try page([], cursor, hasMore: true)
        }
        let archive: URL
        do {
            archive = try await spool.file(objectPrefix: export.objectPrefix, url: export.url)
        } catch let error as ConnectorError
            where error.code != .cancelled && error.code != .configuration
            && now - export.requestedAt > Int64(max(0, settings.readyTimeoutSeconds)) * 1000
        {
            // The export never became downloadable, or its URL expired before a restarted process could fetch it
            // again: ask for a new export and start over (users already applied merge again without effect).
            cursor.export = try await requestExport(now: now)
            return try page([], cursor, hasMore: true)
        }
        let chunk: SegmentArchiveReader.Chunk
        do {
            chunk = try SegmentArchiveReader(url: archive, maxLineBytes: Self.maxLineBytes)
                .read(file: export.file, fromLine: export.line, limit: min(10_000, max(1, settings.pageSize)))
        } catch {
            spool.remove(objectPrefix: export.objectPrefix)  // a corrupt download is fetched again next time
            throw ConnectorError(
                .malformedResponse, "segment export archive unreadable: \(error)", vendor: "braze",
                operation: BrazeOperation.usersExportSegmentDownload)
        }
        let mapper = ProfileMapper(configuration: configuration, vendor: vendor, stream: Self.name)
        let items = chunk.lines.compactMap { map($0, file: chunk.fileName ?? "?", mapper: mapper) }
        if chunk.endOfFile {
            export.file += 1
            export.line = 0
        } else {
            export.line = chunk.nextLine
        }
        guard export.file >= chunk.fileCount else {
            cursor.export = export
            return try page(items, cursor, hasMore: true)
        }
        cursor = SegmentCursor(
            loads: cursor.loads + 1, completedAt: now, lastObjectPrefix: export.objectPrefix, export: nil)
        return try page(items, cursor, hasMore: false)
    }

    private func page(_ items: [PulledItem], _ cursor: SegmentCursor, hasMore: Bool) throws -> Page {
        Page(items: items, cursor: try CursorToken(version: SegmentCursor.version, value: cursor), hasMore: hasMore)
    }

    /// One export line as a hub item: `nil` for an anonymous user (no `external_id`), a rejection for a line that
    /// is not a JSON object or is too long, else `ProfileMapper`'s result.
    private func map(_ line: SegmentArchiveReader.Line, file: String, mapper: ProfileMapper) -> PulledItem? {
        let place = "\(file) line \(line.number + 1)"
        func reject(_ reason: String, raw: String) -> PulledItem {
            .rejected(RejectedRecord(vendor: vendor, stream: Self.name, recordKey: nil, reason: reason, raw: raw))
        }
        guard let bytes = line.bytes else {
            return reject("\(place): line longer than \(Self.maxLineBytes) bytes", raw: "")
        }
        guard let user = try? BrazeJSON.parse(Data(bytes)), case .object = user else {
            return reject("\(place): not a JSON object", raw: String(decoding: bytes, as: UTF8.self))
        }
        if user["external_id"] == nil || user["external_id"] == .null { return nil }
        return mapper.map(user)
    }

    /// `POST /users/export/segment` → the export to read.
    private func requestExport(now: Int64) async throws -> SegmentCursor.Export {
        let body = SegmentExportRequest(
            segmentId: settings.segmentId, fieldsToExport: ProfileSweep.fields(configuration), outputFormat: "zip")
        let request = try VendorRequest.json(
            .post, "/users/export/segment", body: body, encoder: JSONEncoder.sorted,
            operation: BrazeOperation.usersExportSegment)
        let response = try await client.send(request)
        let json = try BrazeBody.object(response, operation: BrazeOperation.usersExportSegment)
        guard let url = json["url"]?.string, !url.isEmpty, let prefix = json["object_prefix"]?.string else {
            throw ConnectorError(
                .malformedResponse,
                "segment export answer has no url/object_prefix (exports to a cloud bucket are not read)",
                vendor: "braze", operation: BrazeOperation.usersExportSegment, httpStatus: response.status)
        }
        return SegmentCursor.Export(objectPrefix: prefix, url: url, requestedAt: now, file: 0, line: 0)
    }
}

/// The body of `POST /users/export/segment`.
struct SegmentExportRequest: Encodable, Sendable {
    var segmentId: String
    var fieldsToExport: [String]
    var outputFormat: String

    enum CodingKeys: String, CodingKey {
        case segmentId = "segment_id"
        case fieldsToExport = "fields_to_export"
        case outputFormat = "output_format"
    }
}
