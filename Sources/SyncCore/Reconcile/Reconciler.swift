/// Applies pulled changes to a person's hub state, with echo suppression against the vendor mirror.
///
/// Pure: no I/O, no clock of its own (`now` is passed in). The engine calls it inside the page transaction.
public struct Reconciler: Sendable {
    public var policy: ReconcilePolicy

    /// A reconciler deciding by `policy`.
    public init(policy: ReconcilePolicy = ReconcilePolicy()) { self.policy = policy }

    /// Applies `change` to `person` and refreshes `mirror` (the last state of that vendor record).
    ///
    /// Values equal to the mirror are echoes and are skipped. A value that differs from the mirror changed at the
    /// vendor after the mirror was taken, so its time is at least `mirror.seenAt + 1`. Observations without a vendor
    /// time: an opt-out counts as `now` (conservative), anything else as the lower bound above, or 0 (oldest, so an
    /// undated value never overturns a dated one, whatever the pull order). The diff trail dates a value that stays
    /// undated (0) by `now`, when it was pulled, and says so in its reason.
    /// A spam complaint is also an opt-out of the whole channel at the complaint's time (CAN-SPAM; every vendor
    /// unsubscribes a complainer itself).
    /// - Parameters:
    ///   - change: a validated change; `change.attributes` holds canonical fields.
    ///   - now: the pull time (UTC ms).
    /// - Returns: the diffs written to the hub, in a stable order.
    public func apply(
        _ change: RemoteChange, to person: inout PersonState, mirror: inout MirrorState?, now: UTCMillis
    ) -> [Diff] {
        var diffs: [Diff] = []
        var seen = mirror ?? MirrorState()
        for field in change.attributes.keys.sorted() {
            guard let incoming = change.attributes[field] else { continue }
            let value = incoming.value ?? ""
            let previous = mirror?.attributes[field]
            seen.attributes[field] = value
            if previous == value { continue }
            let at = max(incoming.at ?? 0, lowerBound(mirror, changedFrom: previous))
            let record = AttributeRecord(value: value, at: at, source: change.vendor)
            diffs += applyAttribute(field, record, to: &person).map { at == 0 ? Self.datedWhenPulled($0, now: now) : $0 }
        }
        for observation in change.consent.sorted(by: { $0.key < $1.key }) {
            let previous = mirror?.consent[observation.key]
            seen.consent[observation.key] = observation.state
            seen.consentAt[observation.key] = observation.at
            if previous == observation.state || observation.state == .unknown { continue }
            let fallback = observation.state == .optedOut ? now : 0
            let at = max(observation.at ?? fallback, lowerBound(mirror, changedFrom: previous.map(\.rawValue)))
            let record = ConsentRecord(
                state: observation.state, at: at, source: change.vendor,
                legalBasis: observation.legalBasis, evidence: observation.evidence
            )
            diffs += applyConsent(observation.key, record, to: &person)
        }
        let implied = change.events.compactMap { event in
            event.impliedSuppression.map { Suppression(channel: .email, reason: $0, at: event.at, source: event.vendor) }
        }
        for suppression in change.suppressions + implied {
            seen.suppressions.insert(MirrorState.suppressionKey(suppression.channel, suppression.reason))
            diffs += applySuppression(suppression, to: &person)
            if suppression.reason == .spamComplaint {
                let optOut = ConsentRecord(state: .optedOut, at: suppression.at, source: suppression.source, evidence: "spam complaint")
                diffs += applyConsent(ConsentKey(channel: suppression.channel), optOut, to: &person)
            }
        }
        seen.seenAt = max(seen.seenAt, now)
        mirror = seen
        return diffs
    }

    /// Folds `other` into `person` (a vendor-side merge or two hub records found to be one person), by the same
    /// rules as a pull: the later attribute wins, an opt-out survives unless a newer explicit opt-in exists,
    /// suppressions are kept.
    public func merge(_ other: PersonState, into person: inout PersonState) -> [Diff] {
        var diffs: [Diff] = []
        for field in other.attributes.keys.sorted() {
            if let record = other.attributes[field] { diffs += applyAttribute(field, record, to: &person, merge: true) }
        }
        for key in other.consent.keys.sorted() {
            if let record = other.consent[key] { diffs += applyConsent(key, record, to: &person, merge: true) }
        }
        for suppression in other.suppressions { diffs += applySuppression(suppression, to: &person) }
        return diffs
    }

    /// The reason suffix of a diff whose value came without a vendor time and is dated by the pull time.
    public static let undatedReason = "no vendor time"

    private static func datedWhenPulled(_ diff: Diff, now: UTCMillis) -> Diff {
        var dated = diff
        dated.at = now
        dated.reason += " (\(undatedReason))"
        return dated
    }

    private func lowerBound(_ mirror: MirrorState?, changedFrom previous: String?) -> UTCMillis {
        guard let mirror, previous != nil else { return 0 }
        return mirror.seenAt + 1
    }

    private func applyAttribute(
        _ field: String, _ record: AttributeRecord, to person: inout PersonState, merge: Bool = false
    ) -> [Diff] {
        let current = person.attributes[field]
        guard let reason = Rules.attribute(field: field, current: current, incoming: record, policy: policy) else {
            return []
        }
        person.attributes[field] = record
        return [Diff(
            subject: "attribute:\(field)", old: current?.value, new: record.value, source: record.source,
            at: record.at, reason: merge ? "merge: \(reason)" : reason
        )]
    }

    private func applyConsent(
        _ key: ConsentKey, _ record: ConsentRecord, to person: inout PersonState, merge: Bool = false
    ) -> [Diff] {
        let current = person.consent[key]
        guard let reason = Rules.consent(current: current, incoming: record) else { return [] }
        person.consent[key] = record
        return [Diff(
            subject: "consent:\(key)", old: current?.state.rawValue, new: record.state.rawValue,
            source: record.source, at: record.at, reason: merge ? "merge: \(reason)" : reason
        )]
    }

    private func applySuppression(_ suppression: Suppression, to person: inout PersonState) -> [Diff] {
        guard !person.suppressions.contains(where: {
            $0.channel == suppression.channel && $0.reason == suppression.reason
        }) else { return [] }
        person.suppressions.append(suppression)
        return [Diff(
            subject: "suppression:\(MirrorState.suppressionKey(suppression.channel, suppression.reason))",
            old: nil, new: "suppressed", source: suppression.source, at: suppression.at, reason: "suppression"
        )]
    }
}
