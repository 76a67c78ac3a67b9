import ConnectorKit
import Foundation
import SyncCore

extension SFMCConnector {
    /// `Execute` `LogUnsubEvent` (parameter `SubscriberKey`, no list or job: a master unsubscribe) for every email
    /// opt-out the `Create` applied. The status is already `Unsubscribed`, so a failure here is logged, not
    /// retried (it would only add the `UnsubEvent` record). Source: sfmc.md §5.
    func logUnsubscribes(_ plan: PushPlan) async {
        let logs = plan.unsubscribeLogs.filter { if case .applied = plan.outcomes[$0.index] { true } else { false } }
        guard !logs.isEmpty else { return }
        do {
            let message = try await soap("Execute", operation: "execute.LogUnsubEvent", idempotencyKey: nil) { xml in
                xml.open("ExecuteRequestMsg", [("xmlns", SOAPEnvelope.partnerNS)])
                for log in logs {
                    xml.open("Requests")
                    xml.element("Name", "LogUnsubEvent")
                    xml.open("Parameters")
                    xml.element("Name", "SubscriberKey")
                    xml.element("Value", log.subscriberKey)
                    xml.close("Parameters")
                    xml.close("Requests")
                }
                xml.close("ExecuteRequestMsg")
            }
            let failed = message.all("Results").filter { $0.value("StatusCode") != "OK" }.count
            if failed > 0 { logger.notice("LogUnsubEvent refused", metadata: ["count": .stringConvertible(failed)]) }
        } catch {
            logger.notice("LogUnsubEvent failed", metadata: ["error": .string(String(describing: error))])
        }
    }

    /// `POST {rest_instance_url}/hub/v1/dataevents/key:{key}/rowset` with every planned row (an upsert by
    /// `EventId`). A refused request rejects its rows; a transient failure asks for a retry.
    func pushRows(_ plan: inout PushPlan) async {
        guard !plan.rows.isEmpty, let key = configuration.eventsDataExtensionKey else { return }
        do {
            let url = try await instanceURL(
                SFMCTokenProvider.restURLKey, path: "/hub/v1/dataevents/key:\(VendorRequest.encodePathSegment(key))/rowset")
            let request = try VendorRequest.json(.post, url, body: plan.rows.map(\.row),
                                                 idempotencyKey: plan.rows.map { $0.row["keys"]?["EventId"] ?? "" }.joined(separator: ","),
                                                 operation: "rest.rowset")
            _ = try await client.send(request)
            for (index, _) in plan.rows { plan.outcomes[index] = .applied(recordKey: nil) }
        } catch let error as ConnectorError {
            for (index, _) in plan.rows {
                switch error.recovery {
                case let .retryLater(afterMs): plan.outcomes[index] = .retry(reason: error.description, afterMs: afterMs)
                default: plan.outcomes[index] = .rejected(reason: error.description)
                }
            }
        } catch {
            for (index, _) in plan.rows { plan.outcomes[index] = .retry(reason: "rowset request failed", afterMs: nil) }
        }
    }
}
