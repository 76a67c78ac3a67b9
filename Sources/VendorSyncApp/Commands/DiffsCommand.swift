import ArgumentParser
import Foundation
import SyncCore
import SyncStore

/// `vendorsync diffs --email ADDRESS`: one person's agreed state and full diff trail.
struct DiffsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "diffs", abstract: "Show a person's hub record, vendor keys and diff trail.")

    @OptionGroup var store: StoreOptions

    @Option(help: "The person's email address (any case).") var email: String

    func run() async throws {
        let database = try resolveDatabase(store)
        let normalized: String
        do { normalized = try EmailAddress.normalize(email) } catch { throw fail("--email: \(error)", code: 64) }
        let db = try SyncStore(path: database)
        let text = try db.readSync { tx -> String? in
            guard let id = try tx.personID(email: normalized) else { return nil }
            let person = try tx.loadPerson(try tx.survivor(of: id))
            var lines = ["person \(person.ref) (revision \(person.revision))"]
            for identity in try tx.identities(personID: person.id) {
                lines.append("  key \(identity.vendor) \(identity.recordKey)\(identity.deleted ? " (deleted at vendor)" : "")")
            }
            for (field, record) in person.state.attributes.sorted(by: { $0.key < $1.key }) {
                let at = record.at == 0 ? "with no vendor time" : "at \(VendorTime.iso8601(record.at))"
                lines.append("  \(field) = \"\(record.value)\" from \(record.source) \(at)")
            }
            for (key, record) in person.state.consent.sorted(by: { $0.key < $1.key }) {
                lines.append("  consent \(key) = \(record.state.rawValue) from \(record.source) at \(VendorTime.iso8601(record.at))\(record.legalBasis.map { " (\($0))" } ?? "")")
            }
            for suppression in person.state.suppressions {
                lines.append("  suppressed \(suppression.channel.rawValue): \(suppression.reason.rawValue) from \(suppression.source)")
            }
            lines.append("diffs:")
            for stored in try tx.diffs(personID: person.id) {
                let diff = stored.diff
                let when = diff.reason.hasSuffix("(\(Reconciler.undatedReason))") ? "pulled at" : "vendor time"
                lines.append("  \(VendorTime.iso8601(stored.recordedAt)) run \(stored.runID.map(String.init) ?? "-") \(diff.subject): \(diff.old ?? "none") -> \(diff.new ?? "none") from \(diff.source) (\(when) \(VendorTime.iso8601(diff.at))): \(diff.reason)")
            }
            return lines.joined(separator: "\n")
        }
        guard let text else { throw fail("no person with that email in \(database)", code: 1) }
        print(text)
    }
}
