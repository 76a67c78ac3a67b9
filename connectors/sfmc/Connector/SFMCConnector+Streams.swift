import ConnectorKit
import SyncCore

extension SFMCConnector {
    /// Subscriber properties read by the `subscribers` stream.
    static let subscriberProperties = [
        "CreatedDate", "ModifiedDate", "ID", "EmailAddress", "Attributes", "SubscriberKey", "UnsubscribedDate", "Status",
    ]

    /// `subscribers`: `Retrieve Subscriber` filtered `ModifiedDate ≥ from OR CreatedDate ≥ from` (no filter on the
    /// first pass), paged with `ContinueRequest`.
    func pullSubscribers(after cursor: CursorToken?, now: UTCMillis) async throws -> Page {
        let mapper = subscriberMapper
        return try await pullRetrieveStream(
            after: cursor, now: now, objectType: "Subscriber", properties: Self.subscriberProperties,
            filter: { from in
                from.map { .complex(.date("ModifiedDate", "greaterThanOrEqual", [$0]), logical: "OR",
                                    .date("CreatedDate", "greaterThanOrEqual", [$0])) }
            },
            modifiedMs: mapper.modifiedMs, map: mapper.map)
    }

    /// `list_subscribers`: `Retrieve ListSubscriber` of the configured lists (`ListID equals` for one list, `IN`
    /// for several), `AND ModifiedDate ≥ from` after the first pass.
    func pullListSubscribers(after cursor: CursorToken?, now: UTCMillis) async throws -> Page {
        let mapper = listMapper
        let lists = FilterPart.oneOf("ListID", configuration.lists.map { String($0.id) })
        return try await pullRetrieveStream(
            after: cursor, now: now, objectType: "ListSubscriber",
            properties: ["CreatedDate", "ModifiedDate", "Status", "ListID", "SubscriberKey"],
            filter: { from in
                from.map { .complex(lists, logical: "AND", .date("ModifiedDate", "greaterThanOrEqual", [$0])) } ?? lists
            },
            modifiedMs: mapper.modifiedMs, map: mapper.map)
    }

    /// `events`: for each tracking object type in turn, `Retrieve` with `EventDate between [from, to]`; the window
    /// is fixed when a pass starts (`to` = the pull time, `from` = watermark − lookback, or
    /// `initialEventsLookbackMs` before `to` on the first pass).
    func pullEvents(after token: CursorToken?, now: UTCMillis) async throws -> Page {
        var cursor = try decodeCursor(token, EventsCursor.self, version: EventsCursor.version) ?? EventsCursor()
        if cursor.windowToMs == nil || cursor.typeIndex >= TrackingEventMapper.objectTypes.count {
            cursor.windowFromMs = cursor.watermarkMs.map { $0 - configuration.lookbackMs } ?? now - configuration.initialEventsLookbackMs
            cursor.windowToMs = now
            cursor.typeIndex = 0
            cursor.position = PassPosition()
        }
        let from = cursor.windowFromMs ?? now, to = cursor.windowToMs ?? now
        let type = TrackingEventMapper.objectTypes[cursor.typeIndex]
        let window = FilterPart.date("EventDate", "between", [time.format(from), time.format(to)])
        let step = try await nextRows(type, properties: TrackingEventMapper.properties(type), filter: window,
                                      after: cursor.position)
        guard case let .rows(rows, position, more) = step else {
            // The object type's result set changed since the cursor: read it again from its start (events dedupe
            // by their derived key).
            cursor.position = PassPosition()
            return Page(items: [], cursor: try encodeCursor(cursor, version: EventsCursor.version), hasMore: true)
        }
        let mapper = eventMapper
        let items = rows.map { mapper.map($0, objectType: type) }
        var hasMore = true
        if more {
            cursor.position = position
        } else if cursor.typeIndex + 1 < TrackingEventMapper.objectTypes.count {
            cursor.typeIndex += 1
            cursor.position = PassPosition()
        } else {
            cursor = EventsCursor(watermarkMs: max(cursor.watermarkMs ?? to, to))
            hasMore = false
        }
        return Page(items: items, cursor: try encodeCursor(cursor, version: EventsCursor.version), hasMore: hasMore)
    }
}
