import SandboxKit

/// One `Subscriber` object of a Create/Update request, validated and applied to the store.
struct SFMCSubscriberWrite: Sendable {
    let key: String?
    let email: String?
    let status: String?
    let attributes: [(String, String)]
    let lists: [(Int?, String?)]

    init(_ node: SFMCXMLNode) {
        key = node.value("SubscriberKey")
        email = node.value("EmailAddress")
        status = node.value("Status")
        attributes = node.all("Attributes").compactMap { a in a.value("Name").map { ($0, a.value("Value") ?? "") } }
        lists = node.all("Lists").map { (($0.value("ID")).flatMap { Int($0) }, $0.value("Status")) }
    }

    struct Applied: Sendable {
        var subscriberKey: String
        var id: Int
        var email: String
        var created: Bool
        var effect: JSONValue
    }

    struct Problem: Error {
        var code: Int
        var message: String
    }

    func apply(to data: inout SFMCSandboxData, nowMs: Int64, createOnly: Bool, updateOnly: Bool) -> Result<Applied, Problem> {
        guard let key, !key.isEmpty else { return .failure(Problem(code: 12000, message: "SubscriberKey is required")) }
        if let status, !SFMCSubscriberRecord.statuses.contains(status) {
            return .failure(Problem(code: 12002, message: "Invalid Subscriber Status: \(status)"))
        }
        if let email, !Self.isPlausibleEmail(email) {
            return .failure(Problem(code: 12001, message: "Invalid email address"))
        }
        for (id, listStatus) in lists where id == nil || !(listStatus.map(SFMCSubscriberRecord.statuses.contains) ?? true) {
            return .failure(Problem(code: 12003, message: "Invalid list ID or status"))
        }
        var record: SFMCSubscriberRecord
        let exists = data.subscribers[key] != nil
        if let existing = data.subscribers[key] {
            if createOnly { return .failure(Problem(code: 12014, message: "The subscriber is already on the list")) }
            record = existing
        } else {
            if updateOnly { return .failure(Problem(code: 12011, message: "Subscriber not found")) }
            guard let email else { return .failure(Problem(code: 12001, message: "EmailAddress is required")) }
            record = SFMCSubscriberRecord(id: data.newID(), subscriberKey: key, emailAddress: email, status: "Active",
                                          createdMs: nowMs, modifiedMs: nowMs)
        }
        var effect: [String: JSONValue] = ["key": .string(key)]
        if let email { record.emailAddress = email; effect["email"] = .string(email) }
        if let status, status != record.status {
            record.status = status
            record.unsubscribedMs = status == "Unsubscribed" ? nowMs : nil
            effect["status"] = .string(status)
        }
        for (name, value) in attributes {
            record.attributes[name] = value
            effect["attr:" + name] = .string(value)
        }
        for case let (id?, listStatus) in lists {
            let current = data.lists[id]?[key]
            data.lists[id, default: [:]][key] = SFMCListMembership(
                listID: id, subscriberKey: key, status: listStatus ?? current?.status ?? "Active",
                createdMs: current?.createdMs ?? nowMs, modifiedMs: nowMs)
            effect["list:\(id)"] = .string(listStatus ?? "Active")
        }
        record.modifiedMs = nowMs
        data.subscribers[key] = record
        return .success(Applied(subscriberKey: key, id: record.id, email: record.emailAddress, created: !exists,
                                effect: .object(effect)))
    }

    static func isPlausibleEmail(_ value: String) -> Bool {
        let parts = value.split(separator: "@", omittingEmptySubsequences: false)
        return parts.count == 2 && !parts[0].isEmpty && parts[1].contains(".") && !value.contains(" ")
    }
}
