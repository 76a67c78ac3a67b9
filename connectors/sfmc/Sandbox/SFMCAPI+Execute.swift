import Hummingbird
import SandboxKit

extension SFMCAPI {
    /// `Execute` `LogUnsubEvent`: parameters `SubscriberKey` / `EmailAddress` / `SubscriberID` (all given must name
    /// one subscriber), optional `ListID`, `JobID`, `BatchID`, `Reason`. With a `ListID` the list row becomes
    /// `Unsubscribed`; without one the subscriber (master unsubscribe). Either way an `UnsubEvent` is recorded.
    /// Source: sfmc.md §5 (LogUnsubEvent page).
    func execute(_ request: Request, _ message: SFMCXMLNode) -> Response {
        var xml = SFMCXMLWriter()
        SFMCSOAP.openMessage("ExecuteResponseMsg", into: &xml)
        var failed = false
        var results = SFMCXMLWriter()
        for (index, item) in message.all("Requests").enumerated() {
            var parameters: [String: String] = [:]
            for p in item.all("Parameters") { if let name = p.value("Name") { parameters[name] = p.value("Value") ?? "" } }
            let outcome: Result<String, SFMCSubscriberWrite.Problem> = item.value("Name") == "LogUnsubEvent"
                ? logUnsub(request, parameters) : .failure(.init(code: 2, message: "Unsupported Execute request"))
            results.open("Results")
            switch outcome {
            case let .success(message):
                results.element("StatusCode", "OK")
                results.element("StatusMessage", message)
                results.element("OrdinalID", String(index))
            case let .failure(problem):
                failed = true
                results.element("StatusCode", "Error")
                results.element("StatusMessage", problem.message)
                results.element("OrdinalID", String(index))
                results.element("ErrorCode", String(problem.code))
            }
            results.close("Results")
        }
        xml.element("OverallStatus", failed ? "Error" : "OK")
        xml.element("RequestID", state.data.withLock { $0.newGUID() })
        xml.append(results)
        xml.close("ExecuteResponseMsg")
        return SFMCSOAP.envelope(xml)
    }

    private func logUnsub(_ request: Request, _ p: [String: String]) -> Result<String, SFMCSubscriberWrite.Problem> {
        let now = state.clock.nowMilliseconds()
        let result = state.data.withLock { data -> Result<String, SFMCSubscriberWrite.Problem> in
            var candidates = Array(data.subscribers.values)
            if let key = p["SubscriberKey"] { candidates = candidates.filter { $0.subscriberKey == key } }
            if let email = p["EmailAddress"] { candidates = candidates.filter { $0.emailAddress.lowercased() == email.lowercased() } }
            if let id = p["SubscriberID"] { candidates = candidates.filter { String($0.id) == id } }
            guard p["SubscriberKey"] != nil || p["EmailAddress"] != nil || p["SubscriberID"] != nil else {
                return .failure(.init(code: 12000, message: "SubscriberKey, EmailAddress or SubscriberID is required"))
            }
            guard candidates.count == 1, var subscriber = candidates.first else {
                return .failure(.init(code: 12011, message: candidates.isEmpty ? "Subscriber not found" : "More than one subscriber matches"))
            }
            let listID = p["ListID"].flatMap { Int($0) }
            if let listID {
                let current = data.lists[listID]?[subscriber.subscriberKey]
                data.lists[listID, default: [:]][subscriber.subscriberKey] = SFMCListMembership(
                    listID: listID, subscriberKey: subscriber.subscriberKey, status: "Unsubscribed",
                    createdMs: current?.createdMs ?? now, modifiedMs: now)
            } else {
                subscriber.status = "Unsubscribed"
                subscriber.unsubscribedMs = now
                subscriber.modifiedMs = now
                data.subscribers[subscriber.subscriberKey] = subscriber
            }
            data.events.append(SFMCTrackingEvent(
                objectType: "UnsubEvent", sendID: p["JobID"].flatMap { Int($0) } ?? 0,
                batchID: p["BatchID"].flatMap { Int($0) } ?? 0, subscriberKey: subscriber.subscriberKey,
                eventDateMs: now, extra: ["IsMasterUnsubscribed": listID == nil ? "true" : "false"]))
            return .success(subscriber.subscriberKey)
        }
        if case let .success(key) = result {
            logWrite(request, objectKey: "subscriber:\(key)", effect: ["logUnsubEvent": .string(p["ListID"] ?? "master")])
            return .success("Event posted")
        }
        return result
    }
}
