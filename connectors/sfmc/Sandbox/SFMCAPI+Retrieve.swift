import Hummingbird
import SandboxKit

extension SFMCAPI {
    /// Rows per Retrieve page (sfmc.md §4.1, continuerequest_2500records).
    static let pageSize = 2_500

    /// `Retrieve`: `ObjectType` + `Properties` + optional `Filter`, or `ContinueRequest` with a `RequestID`.
    /// Unknown object types, properties or filters answer HTTP 200 with `OverallStatus` `Error: …`.
    func retrieve(_ message: SFMCXMLNode) -> Response {
        guard let request = message.child("RetrieveRequest") else { return retrieveError("RetrieveRequest is required") }
        if let requestID = request.value("ContinueRequest"), !requestID.isEmpty {
            return continuePage(requestID)
        }
        guard let objectType = request.value("ObjectType"), let allowed = Self.retrievable[objectType] else {
            return retrieveError("Unable to retrieve ObjectType \(request.value("ObjectType") ?? "")")
        }
        let properties = request.all("Properties").map { $0.text.trimmingCharacters(in: .whitespaces) }
        guard !properties.isEmpty else { return retrieveError("The Request Properties are required") }
        let unknown = properties.filter { !allowed.contains($0) }
        guard unknown.isEmpty else {
            return retrieveError("The Request Property(s) \(unknown.joined(separator: ", ")) do not match with the "
                + "fields of \(objectType) retrieve")
        }
        let filter: SFMCFilter?
        do { filter = try request.child("Filter").map { try SFMCFilter($0, allowed: Set(allowed)) } } catch {
            return retrieveError((error as? SFMCFilterError)?.message ?? "Invalid filter")
        }
        let wanted = Set(properties)
        let size = request.child("Options")?.value("BatchSize").flatMap { Int($0) }.map { min(max(1, $0), Self.pageSize) }
            ?? Self.pageSize
        let rows = state.data.withLock { data in
            SFMCResultRenderer.rows(objectType: objectType, properties: wanted, data: data) { filter?.matches($0) ?? true }
        }
        let requestID = state.data.withLock { data -> String in
            let id = data.newGUID()
            if rows.count > size { data.pending[id] = SFMCPendingRetrieve(rows: rows, sent: 0, pageSize: size) }
            return id
        }
        return rows.count > size ? continuePage(requestID) : page(rows[...], requestID: requestID, more: false)
    }

    private func continuePage(_ requestID: String) -> Response {
        let next = state.data.withLock { data -> (ArraySlice<String>, Bool)? in
            guard var pending = data.pending[requestID] else { return nil }
            let end = min(pending.rows.count, pending.sent + pending.pageSize)
            let slice = pending.rows[pending.sent..<end]
            pending.sent = end
            let more = end < pending.rows.count
            data.pending[requestID] = more ? pending : nil
            return (slice, more)
        }
        guard let (slice, more) = next else { return retrieveError("Invalid ContinueRequest \(requestID)") }
        return page(slice, requestID: requestID, more: more)
    }

    private func page(_ rows: ArraySlice<String>, requestID: String, more: Bool) -> Response {
        var xml = SFMCXMLWriter()
        SFMCSOAP.openMessage("RetrieveResponseMsg", into: &xml)
        xml.element("OverallStatus", more ? "MoreDataAvailable" : "OK")
        xml.element("RequestID", requestID)
        for row in rows { xml.appendBuilt(row) }
        xml.close("RetrieveResponseMsg")
        return SFMCSOAP.envelope(xml)
    }

    private func retrieveError(_ message: String) -> Response {
        var xml = SFMCXMLWriter()
        SFMCSOAP.openMessage("RetrieveResponseMsg", into: &xml)
        xml.element("OverallStatus", "Error: " + message)
        xml.element("RequestID", state.data.withLock { $0.newGUID() })
        xml.close("RetrieveResponseMsg")
        return SFMCSOAP.envelope(xml)
    }

    /// Retrievable (and filterable) properties per supported `ObjectType`.
    static let retrievable: [String: [String]] = {
        var table = [
            "Subscriber": SFMCSubscriberRecord.properties + ["Client.ID"],
            "ListSubscriber": SFMCListMembership.properties + ["Client.ID"],
        ]
        for type in SFMCTrackingEvent.objectTypes {
            table[type] = ["Client.ID", "CreatedDate", "ModifiedDate", "ObjectID"] + SFMCTrackingEvent.properties(type)
        }
        return table
    }()
}
