import ConnectorKit
import Foundation

/// Keeps the ZIP of a segment export on disk while the `segment` stream reads it, so the archive is downloaded
/// once per export and not once per page, and a restarted process reuses it.
///
/// The file is `braze-segment-<object_prefix>.zip` in the spool directory, written under a temporary name and
/// renamed when complete. The download is one GET of Braze's pre-signed URL through the shared HTTP client (no
/// API key sent; the URL's query, its signature, is passed as query items, which the client does not log); its
/// size is bounded by the transport's largest accepted body.
struct SegmentExportSpool: Sendable {
    let directory: String?
    let client: VendorHTTPClient

    private var folder: URL {
        directory.map { URL(fileURLWithPath: $0, isDirectory: true) } ?? FileManager.default.temporaryDirectory
    }

    /// The spool file of `objectPrefix`.
    func path(objectPrefix: String) -> URL {
        let safe = String(objectPrefix.map { $0.isLetter || $0.isNumber || $0 == "-" ? $0 : "_" }.prefix(120))
        return folder.appendingPathComponent("braze-segment-\(safe).zip")
    }

    /// The downloaded ZIP of the export, fetching it first when it is not on disk yet.
    /// - Throws: `ConnectorError` from the client (after its retries while the URL answers 403/404), or
    ///   `.configuration` when the spool directory is not writable.
    func file(objectPrefix: String, url: String) async throws -> URL {
        let target = path(objectPrefix: objectPrefix)
        if FileManager.default.fileExists(atPath: target.path) { return target }
        // The query of a pre-signed URL is its credential: it goes in `queryItems`, which the client never logs.
        guard var parts = URLComponents(string: url), let scheme = parts.scheme?.lowercased(),
            scheme == "https" || scheme == "http", parts.host != nil
        else {
            throw ConnectorError(
                .malformedResponse, "segment export url is not an absolute http(s) URL", vendor: "braze",
                operation: BrazeOperation.usersExportSegmentDownload)
        }
        let query = parts.queryItems ?? []
        parts.query = nil
        let request = VendorRequest(
            .get, parts.string ?? url, query: query, requiresAuth: false,
            operation: BrazeOperation.usersExportSegmentDownload, timeout: .seconds(600))
        let response = try await client.send(request)
        let partial = target.appendingPathExtension("partial")
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try response.body.write(to: partial)
            _ = try? FileManager.default.removeItem(at: target)
            try FileManager.default.moveItem(at: partial, to: target)
        } catch {
            throw ConnectorError(
                .configuration, "segment export spool not writable: \(error)", vendor: "braze",
                operation: BrazeOperation.usersExportSegmentDownload)
        }
        return target
    }

    /// Deletes the spool file of `objectPrefix`, if any.
    func remove(objectPrefix: String) {
        try? FileManager.default.removeItem(at: path(objectPrefix: objectPrefix))
    }
}
