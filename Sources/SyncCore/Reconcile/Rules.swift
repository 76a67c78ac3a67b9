/// The decision rules of the hub, as pure functions of the current and the incoming value.
public enum Rules {
    /// Decides whether `incoming` replaces `current` for `field`; returns the reason, or `nil` to keep `current`.
    ///
    /// Last writer wins by vendor time; equal times are broken by (vendor name, value) so the outcome does not depend
    /// on pull order; a configured owner's value always wins; an empty value is ignored unless the field is
    /// clearable.
    public static func attribute(
        field: String, current: AttributeRecord?, incoming: AttributeRecord, policy: ReconcilePolicy
    ) -> String? {
        if let current, current.value == incoming.value { return nil }
        if incoming.value.isEmpty, !policy.clearableFields.contains(field) { return nil }
        guard let current else { return "first value" }
        if let owner = policy.fieldOwners[field] {
            if incoming.source == owner {
                return current.source != owner || incoming.at >= current.at ? "owner" : nil
            }
            if current.source == owner { return nil }
        }
        if incoming.at > current.at { return "newer" }
        if incoming.at == current.at, (incoming.source.rawValue, incoming.value) > (current.source.rawValue, current.value) {
            return "tie-break"
        }
        return nil
    }

    /// Decides whether `incoming` replaces `current` in the consent ledger; returns the reason, or `nil` to keep it.
    ///
    /// A neutral (`.unknown`) observation never changes anything. An opt-out wins over anything but an explicit
    /// opt-in that is strictly newer than it. An explicit opt-in overturns an opt-out only when strictly newer.
    public static func consent(current: ConsentRecord?, incoming: ConsentRecord) -> String? {
        switch incoming.state {
        case .unknown:
            return nil
        case .optedOut:
            guard let current else { return "opt-out" }
            switch current.state {
            case .optedOut: return nil
            case .optedIn: return current.at > incoming.at ? nil : "opt-out"
            case .unknown: return "opt-out"
            }
        case .optedIn:
            guard let current else { return "explicit opt-in" }
            switch current.state {
            case .optedIn: return nil
            case .unknown: return "explicit opt-in"
            case .optedOut: return incoming.at > current.at ? "explicit opt-in newer than opt-out" : nil
            }
        }
    }
}
