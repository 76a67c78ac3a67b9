import Foundation
import SandboxKit

extension SFMCSandbox {
    /// Loads a business unit from a seed directory in SFMC's field names (all files optional):
    /// - `subscribers.json`: array of `Subscriber` objects — `SubscriberKey`, `EmailAddress`, `Status`,
    ///   `CreatedDate`, `ModifiedDate`, `UnsubscribedDate` (naive CST `yyyy-MM-ddTHH:mm:ss[.fff]`),
    ///   `Attributes` `[{Name, Value}]`, `Lists` `[{ID, Status}]` (ListSubscriber rows);
    /// - `events.json`: array of tracking events — `ObjectType` (`SentEvent`, `OpenEvent`, `ClickEvent`,
    ///   `BounceEvent`, `UnsubEvent`), `SendID`, `BatchID`, `SubscriberKey`, `EventDate`, and the subtype fields
    ///   (`URLID`, `URL`, `BounceCategory`, `SMTPCode`, `SMTPReason`, `BounceType`, `IsMasterUnsubscribed`).
    /// - Throws: `SFMCSeedError` naming the file and problem.
    public static func loadSeed(from directory: URL, clock: SandboxClock = .system(), randomSeed: UInt64 = 1) throws
        -> SFMCSandboxState
    {
        var data = SFMCSandboxData(seed: randomSeed)
        for object in try read(directory, "subscribers.json") {
            let record = try subscriber(object)
            guard data.subscribers[record.subscriberKey] == nil else {
                throw SFMCSeedError(file: "subscribers.json", problem: "duplicate SubscriberKey \(record.subscriberKey)")
            }
            var stored = record
            stored.id = data.newID()
            data.subscribers[record.subscriberKey] = stored
            for list in object["Lists"]?.arrayValue ?? [] {
                guard let id = list["ID"]?.intValue ?? list["ID"]?.stringValue.flatMap({ Int64($0) }) else {
                    throw SFMCSeedError(file: "subscribers.json", problem: "list entry without ID")
                }
                data.lists[Int(id), default: [:]][record.subscriberKey] = SFMCListMembership(
                    listID: Int(id), subscriberKey: record.subscriberKey, status: list["Status"]?.stringValue ?? "Active",
                    createdMs: record.createdMs, modifiedMs: record.modifiedMs)
            }
        }
        for object in try read(directory, "events.json") {
            data.events.append(try event(object))
        }
        return SFMCSandboxState(data: data, clock: clock)
    }

    private static func read(_ directory: URL, _ name: String) throws -> [JSONValue] {
        let url = directory.appendingPathComponent(name)
        guard FileManager.default.fileExists(atPath: url.path) else { return [] }
        guard let value = try? JSONValue.parse(try Data(contentsOf: url)), let array = value.arrayValue else {
            throw SFMCSeedError(file: name, problem: "not a JSON array")
        }
        return array
    }

    private static func date(_ object: JSONValue, _ field: String, file: String) throws -> Int64? {
        guard let text = object[field]?.stringValue else { return nil }
        guard let ms = SFMCSystemTime.parse(text) else { throw SFMCSeedError(file: file, problem: "bad \(field) \(text)") }
        return ms
    }

    private static func subscriber(_ object: JSONValue) throws -> SFMCSubscriberRecord {
        let file = "subscribers.json"
        guard let key = object["SubscriberKey"]?.stringValue, let email = object["EmailAddress"]?.stringValue else {
            throw SFMCSeedError(file: file, problem: "subscriber without SubscriberKey or EmailAddress")
        }
        let status = object["Status"]?.stringValue ?? "Active"
        guard SFMCSubscriberRecord.statuses.contains(status) else { throw SFMCSeedError(file: file, problem: "bad Status \(status)") }
        let created = try date(object, "CreatedDate", file: file) ?? 0
        var attributes: [String: String] = [:]
        for attribute in object["Attributes"]?.arrayValue ?? [] {
            if let name = attribute["Name"]?.stringValue { attributes[name] = attribute["Value"]?.stringValue ?? "" }
        }
        return SFMCSubscriberRecord(
            id: 0, subscriberKey: key, emailAddress: email, status: status, createdMs: created,
            modifiedMs: try date(object, "ModifiedDate", file: file) ?? created,
            unsubscribedMs: try date(object, "UnsubscribedDate", file: file), attributes: attributes)
    }

    private static func event(_ object: JSONValue) throws -> SFMCTrackingEvent {
        let file = "events.json"
        guard let type = object["ObjectType"]?.stringValue, SFMCTrackingEvent.objectTypes.contains(type),
              let key = object["SubscriberKey"]?.stringValue, let at = try date(object, "EventDate", file: file)
        else { throw SFMCSeedError(file: file, problem: "event without a known ObjectType, SubscriberKey or EventDate") }
        var extra: [String: String] = [:]
        for name in ["URLID", "URL", "BounceCategory", "SMTPCode", "SMTPReason", "BounceType", "IsMasterUnsubscribed"] {
            if let value = object[name] { extra[name] = value.stringValue ?? value.intValue.map(String.init) ?? "" }
        }
        func int(_ name: String) -> Int { Int(object[name]?.intValue ?? object[name]?.stringValue.flatMap { Int64($0) } ?? 0) }
        return SFMCTrackingEvent(objectType: type, sendID: int("SendID"), batchID: int("BatchID"), subscriberKey: key,
                                 eventDateMs: at, extra: extra)
    }
}
