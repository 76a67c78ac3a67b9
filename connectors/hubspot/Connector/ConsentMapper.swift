import SyncCore

/// Maps subscription statuses and the contact's opt-out properties onto consent observations (hub vocabulary).
///
/// Rules (documented in `connectors/hubspot/README.md`): per managed type `SUBSCRIBED` → `.optedIn` (legal basis
/// kept), v4 `UNSUBSCRIBED` or `hs_email_optout_<id>` = `"true"` → `.optedOut`, anything else → `.unknown`.
/// Channel-wide (`email`, `*`): `.optedOut` when `hs_email_optout` = `"true"`, a status comes from
/// `PORTAL_WIDE_STATUS`, or every managed type is opted out; `.optedIn` when a managed type is opted in and there is
/// no portal-wide opt-out; else `.unknown`. Source: hubspot.md §7 and the vendor-reference README consent table.
struct ConsentMapper: Sendable {
    let types: [HubSpotConnector.SubscriptionType]

    /// The observations for one contact.
    /// - Parameters:
    ///   - statuses: the address's statuses, or `nil` when they were not read (then only properties count).
    ///   - properties: the contact's properties (`hs_email_optout`, `hs_email_optout_<id>`).
    ///   - modifiedMs: the contact's `lastmodifieddate`, the time of observations without a vendor timestamp.
    func observations(
        statuses: [SubscriptionStatus]?, properties: [String: String], modifiedMs: Int64
    ) -> [ConsentObservation] {
        let portalWideStatus = statuses?.first(where: \.isPortalWide)
        var perType: [ConsentObservation] = []
        for type in types {
            let key = ConsentKey(channel: .email, topic: type.topic)
            let flag = properties["hs_email_optout_\(type.id)"]
            let status = statuses?.first { $0.id == type.id }
            perType.append(
                observation(
                    key: key, status: status, flagName: "hs_email_optout_\(type.id)", optOutFlag: flag,
                    portalWide: portalWideStatus != nil, modifiedMs: modifiedMs))
        }
        let wide = channelWide(
            perType, portalWideStatus: portalWideStatus, optOut: properties["hs_email_optout"], modifiedMs: modifiedMs)
        return [wide] + perType
    }

    private func observation(
        key: ConsentKey, status: SubscriptionStatus?, flagName: String, optOutFlag: String?, portalWide: Bool,
        modifiedMs: Int64
    ) -> ConsentObservation {
        let at = status?.atMs ?? modifiedMs
        let basis = status?.legalBasis.flatMap { $0.isEmpty ? nil : $0 }
        let evidence = status.map { "\($0.status)/\($0.source ?? "-")" }
        if let status, status.status == "SUBSCRIBED", !portalWide, !status.isPortalWide {
            return ConsentObservation(key: key, state: .optedIn, at: at, legalBasis: basis, evidence: evidence)
        }
        if status?.status == "UNSUBSCRIBED" {
            return ConsentObservation(key: key, state: .optedOut, at: at, legalBasis: basis, evidence: evidence)
        }
        if optOutFlag == "true" {
            let text = [evidence, "\(flagName)=true"].compactMap { $0 }.joined(separator: "; ")
            return ConsentObservation(key: key, state: .optedOut, at: at, legalBasis: basis, evidence: text)
        }
        return ConsentObservation(
            key: key, state: .unknown, at: at, legalBasis: basis, evidence: evidence ?? "no status")
    }

    private func channelWide(
        _ perType: [ConsentObservation], portalWideStatus: SubscriptionStatus?, optOut: String?, modifiedMs: Int64
    ) -> ConsentObservation {
        let key = ConsentKey(channel: .email)
        if optOut == "true" {
            return ConsentObservation(key: key, state: .optedOut, at: modifiedMs, evidence: "hs_email_optout=true")
        }
        if let portalWideStatus {
            return ConsentObservation(
                key: key, state: .optedOut, at: portalWideStatus.atMs ?? modifiedMs,
                evidence: "\(portalWideStatus.status)/\(portalWideStatus.source ?? "-")"
            )
        }
        if !perType.isEmpty, perType.allSatisfy({ $0.state == .optedOut }) {
            let at = perType.compactMap(\.at).max() ?? modifiedMs
            return ConsentObservation(
                key: key, state: .optedOut, at: at, evidence: "every managed subscription type opted out")
        }
        let optedIn = perType.filter { $0.state == .optedIn }
        if !optedIn.isEmpty {
            let at = optedIn.compactMap(\.at).max() ?? modifiedMs
            let topics = optedIn.map(\.key.topic).joined(separator: ",")
            return ConsentObservation(
                key: key, state: .optedIn, at: at, legalBasis: optedIn.first?.legalBasis,
                evidence: "SUBSCRIBED: \(topics)")
        }
        return ConsentObservation(
            key: key, state: .unknown, at: modifiedMs, evidence: "hs_email_optout=\(optOut ?? "unset")")
    }
}
