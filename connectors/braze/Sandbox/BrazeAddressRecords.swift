/// Address-level email facts kept apart from profiles: `/email/status` states (which also apply to addresses with no
/// profile yet), the unsubscribe list, hard bounces and invalid phone numbers; all keyed lower-cased.
struct BrazeAddressRecords: Sendable {
    /// Email → (state, when) set through `/email/status`, applied to profiles that take the address later.
    var emailStates: [String: (state: String, atMs: Int64)] = [:]
    /// Email → unsubscribe time, for `GET /email/unsubscribes`.
    var unsubscribes: [String: Int64] = [:]
    /// Email → hard bounce time, for `GET /email/hard_bounces`.
    var hardBounces: [String: Int64] = [:]
    /// Phone → detection time, for `GET /sms/invalid_phone_numbers`.
    var invalidPhones: [String: Int64] = [:]

    /// Keeps the unsubscribe list in step with an address's global email state.
    mutating func recordEmailState(_ email: String, state: String, atMs: Int64) {
        let key = email.lowercased()
        if state == "unsubscribed" {
            if unsubscribes[key] == nil { unsubscribes[key] = atMs }
        } else {
            unsubscribes[key] = nil
        }
    }
}
