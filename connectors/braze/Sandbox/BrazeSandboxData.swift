import SandboxKit

/// Everything the Braze emulator holds, guarded by one lock in `BrazeSandboxState`.
struct BrazeSandboxData: Sendable {
    var store: BrazeStore
    var addresses = BrazeAddressRecords()
    /// Segment exports by download file name (`<object_prefix>.zip`), served at `GET /_sandbox/exports/{file}`.
    var exports: [String: BrazeSegmentExport] = [:]
    /// How new segment exports behave.
    var exportTiming = BrazeSegmentExportTiming()

    init(seed: UInt64) {
        store = BrazeStore(seed: seed)
    }

    /// Sets the global email state of one profile (recording the unsubscribe time) and bumps its update time.
    mutating func setEmailSubscribe(_ state: String, on brazeId: String, nowMs: Int64) {
        guard var profile = store.profile(brazeId: brazeId) else { return }
        if profile.emailSubscribe != state {
            profile.emailSubscribe = state
            if state == "unsubscribed" { profile.emailUnsubscribedAtMs = nowMs }
            if state == "opted_in" { profile.emailOptedInAtMs = nowMs }
        }
        profile.updatedAtMs = max(profile.updatedAtMs, nowMs)
        store.put(profile)
        if let email = profile.email { addresses.recordEmailState(email, state: state, atMs: nowMs) }
    }

    /// Applies a pending `/email/status` state when a profile takes an address that has one.
    mutating func applyPendingEmailState(to brazeId: String) {
        guard let email = store.profile(brazeId: brazeId)?.emailKey, let pending = addresses.emailStates[email],
            var profile = store.profile(brazeId: brazeId), profile.emailSubscribe != pending.state
        else { return }
        profile.emailSubscribe = pending.state
        if pending.state == "unsubscribed" { profile.emailUnsubscribedAtMs = pending.atMs }
        store.put(profile)
    }
}
