import ConnectorKit
import SyncCore

/// One of Braze's date-windowed address lists and how its rows map to hub changes.
///
/// Sources: Braze docs `_docs/_api/endpoints/email/get_list_unsubscribed_email_addresses.md`,
/// `get_list_hard_bounced_emails.md`; spec `specs/braze/braze-rest-api.openapi.from-postman.yaml`
/// operations `GET /email/unsubscribes`, `GET /email/hard_bounces`.
struct ListStreamSpec: Sendable {
    /// The stream name (`unsubscribes`, `hard_bounces`).
    let name: String
    /// The endpoint path.
    let path: String
    /// The operation name for logs and errors.
    let operation: String
    /// The response member holding the rows (`emails`).
    let listKey: String
    /// The row member holding the time (`unsubscribed_at`, `hard_bounced_at`).
    let timeKey: String
    /// Whether the endpoint takes `sort_direction` (only `/email/unsubscribes` documents it; the others list
    /// newest first, which offset paging tolerates: new rows push old ones to later offsets, re-read, never missed).
    let sortsAscending: Bool
    /// What a row means: an opt-out or a suppression.
    let effect: Effect

    enum Effect: Sendable {
        case emailOptOut
        case emailSuppression(SuppressionReason)
        /// An invalid phone number: an SMS suppression (`hardBounce`) on the profile the row was resolved to
        /// (`external_id` attached by `ListStream`).
        case invalidPhone
    }

    /// The row member holding the address (`email`, `phone`).
    var addressKey: String {
        if case .invalidPhone = effect { return "phone" }
        return "email"
    }

    static let unsubscribes = ListStreamSpec(
        name: "unsubscribes", path: "/email/unsubscribes", operation: "email.unsubscribes", listKey: "emails",
        timeKey: "unsubscribed_at", sortsAscending: true, effect: .emailOptOut
    )

    static let hardBounces = ListStreamSpec(
        name: "hard_bounces", path: "/email/hard_bounces", operation: "email.hard_bounces", listKey: "emails",
        timeKey: "hard_bounced_at", sortsAscending: false, effect: .emailSuppression(.hardBounce)
    )

    /// Source: Braze docs `get_list_invalid_phone_numbers.md`; spec operation `GET /sms/invalid_phone_numbers`.
    static let invalidPhones = ListStreamSpec(
        name: "invalid_phones", path: "/sms/invalid_phone_numbers", operation: "sms.invalid_phone_numbers",
        listKey: "sms",
        timeKey: "invalid_detected_at", sortsAscending: false, effect: .invalidPhone
    )

    static let all = [unsubscribes, hardBounces, invalidPhones]

    /// Maps one row: an email address with its time → a change keyed by email (no Braze record key), or a
    /// rejected record naming the field when the email is empty or invalid or the time unparseable.
    func map(_ row: BrazeJSON, vendor: VendorName) -> PulledItem {
        let raw = row.text
        func reject(_ reason: String) -> PulledItem {
            .rejected(RejectedRecord(vendor: vendor, stream: name, recordKey: nil, reason: reason, raw: raw))
        }
        if case .invalidPhone = effect { return mapPhone(row, vendor: vendor, reject: reject) }
        guard let email = row["email"]?.string?.trimmed, !email.isEmpty else { return reject("email: empty address") }
        guard EmailAddress.isValid(email) else { return reject("email: not a valid address") }
        guard let timeText = row[timeKey]?.string else { return reject("\(timeKey): missing") }
        guard let at = try? VendorTimeBridge.parse(timeText, field: timeKey) else {
            return reject("\(timeKey): unparseable timestamp \"\(timeText.prefix(40))\"")
        }
        var change = RemoteChange(
            vendor: vendor, stream: name, recordKey: nil, email: email,
            attributes: ["email": AttributeValue(email, at: nil)], raw: raw
        )
        switch effect {
        case .emailOptOut:
            change.consent = [
                ConsentObservation(
                    key: ConsentKey(channel: .email), state: .optedOut, at: at, evidence: "braze \(path)"
                )
            ]
        case .emailSuppression(let reason):
            change.suppressions = [Suppression(channel: .email, reason: reason, at: at, source: vendor)]
        case .invalidPhone:
            break
        }
        return .change(change)
    }

    private func mapPhone(_ row: BrazeJSON, vendor: VendorName, reject: (String) -> PulledItem) -> PulledItem {
        guard let phone = row["phone"]?.scalarText?.trimmed, !phone.isEmpty else {
            return reject("phone: empty number")
        }
        guard let timeText = row[timeKey]?.string else { return reject("\(timeKey): missing") }
        guard let at = try? VendorTimeBridge.parse(timeText, field: timeKey) else {
            return reject("\(timeKey): unparseable timestamp \"\(timeText.prefix(40))\"")
        }
        guard let key = row["external_id"]?.scalarText, !key.isEmpty else {
            return reject("phone: no identified Braze profile holds this number")
        }
        return .change(
            RemoteChange(
                vendor: vendor, stream: name, recordKey: key,
                suppressions: [Suppression(channel: .sms, reason: .hardBounce, at: at, source: vendor)], raw: row.text
            ))
    }
}
