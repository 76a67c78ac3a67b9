import ConnectorKit
import Foundation
import SyncCore
import SyncEngine
import SyncStore

/// Renders a pass report for an operator: per vendor and stream what was pulled, pushed, failed and dead-lettered,
/// then persons, consent changes with their reasons, suppressions, conflicts resolved and events. Emails are masked.
public struct ReportPrinter {
    public let store: SyncStore
    let redactor = Redactor.default

    /// A printer reading details from `store`.
    public init(store: SyncStore) { self.store = store }

    /// The report as text.
    /// - Parameter showAddresses: print full addresses in the "look closer" hints (demo data only).
    public func render(_ result: ReconcileRunner.Result, showAddresses: Bool) throws -> String {
        let report = result.report
        var lines: [String] = []
        let seconds = Double(report.finishedAt - report.startedAt) / 1000
        lines.append("VendorSync reconcile: run \(report.runID.map(String.init) ?? "-") in \(String(format: "%.1f", seconds)) s")
        lines.append("")
        lines += table(
            ["vendor", "stream", "pages", "pulled", "applied", "dead-lettered", "diffs", "consent", "events", "error"],
            report.streams.map { s in
                [s.vendor.rawValue, s.stream, "\(s.pages)", "\(s.pulled)", "\(s.applied)", "\(s.deadLettered)", "\(s.diffs)",
                 "\(s.consentChanges)", "\(s.eventsStored)", s.error.map { String($0.prefix(60)) } ?? ""]
            }
        )
        lines.append("")
        lines += table(
            ["vendor", "planned", "pushed", "retried", "failed (dead-lettered)", "linked", "pending", "error"],
            report.pushes.map { p in
                [p.vendor.rawValue, "\(p.planned)", "\(p.pushed)", "\(p.retried)", "\(p.deadLettered)", "\(p.linked)", "\(p.pending)",
                 p.error.map { String($0.prefix(60)) } ?? ""]
            }
        )
        let errors = report.streams.compactMap { s in s.error.map { "  \(s.vendor)/\(s.stream): \($0)" } }
            + report.pushes.compactMap { p in p.error.map { "  \(p.vendor) push: \($0)" } }
        if !errors.isEmpty {
            lines.append("")
            lines.append("errors:")
            lines += errors
        }
        if !result.plan.isEmpty {
            lines.append("")
            lines.append("Plan (dry run, nothing pushed, no cursor moved): \(result.plan.count) mutations")
            for item in result.plan.prefix(30) {
                lines.append("  \(item.mutation.vendor) \(item.mutation.recordKey ?? "(new)") \(describe(item.mutation.payload)) for \(mask(item.mutation.email))")
            }
        }
        lines += try details(runID: report.runID, database: result.databasePath, showAddresses: showAddresses)
        return lines.joined(separator: "\n")
    }

    private func details(runID: Int64?, database: String, showAddresses: Bool) throws -> [String] {
        guard let runID else { return [] }
        let (dead, consent, suppressions, attributes) = try store.readSync { tx in
            (try tx.openDeadLetterCounts(),
             try tx.diffs(runID: runID, subjectPrefix: "consent:", limit: 50),
             try tx.diffs(runID: runID, subjectPrefix: "suppression:", limit: 50),
             try tx.diffs(runID: runID, subjectPrefix: "attribute:", limit: 100_000))
        }
        let conflicts = attributes.filter { $0.diff.old != nil }
        var lines = ["", try totals(after: runID)]
        for (stream, count) in dead.sorted(by: { $0.key < $1.key }) { lines.append("  dead letters \(stream): \(count)") }
        lines.append("")
        lines.append("consent changes this run: \(consent.count)")
        for stored in consent.prefix(20) {
            let diff = stored.diff
            lines.append("  \(try email(of: stored.personID, full: false))  \(diff.subject.dropFirst(8))  \(diff.old ?? "none") -> \(diff.new ?? "none")  from \(diff.source) at \(VendorTime.iso8601(diff.at)): \(diff.reason)")
        }
        lines.append("suppressions this run: \(suppressions.count)")
        for stored in suppressions.prefix(20) {
            lines.append("  \(try email(of: stored.personID, full: false))  \(stored.diff.subject.dropFirst(12))  from \(stored.diff.source)")
        }
        lines.append("conflicts resolved this run: \(conflicts.count) attribute values replaced")
        for stored in conflicts.prefix(10) {
            let diff = stored.diff
            // Values are shown as they are, but addresses inside them are masked like every other address here.
            let (old, new) = (redactor.redact(text: diff.old ?? "", emails: .mask), redactor.redact(text: diff.new ?? "", emails: .mask))
            lines.append("  \(try email(of: stored.personID, full: false))  \(diff.subject.dropFirst(10))  \"\(old)\" -> \"\(new)\"  from \(diff.source): \(diff.reason)")
        }
        let examples = Array(Set((consent + conflicts).map(\.personID))).sorted().prefix(3)
        if !examples.isEmpty {
            lines.append("")
            lines.append("Look closer:")
            for id in examples {
                lines.append("  vendorsync diffs --db \(database) --email \(try email(of: id, full: showAddresses))")
            }
        }
        return lines
    }

    /// What the hub holds once run `runID` is over, as `vendorsync status` counts it (rows, not this run's share):
    /// `hub after run N: persons P   send events E   open dead letters D`.
    public func totals(after runID: Int64?) throws -> String {
        let (persons, events, dead) = try store.readSync { tx in
            (try tx.personCount(), try tx.eventCount(), try tx.openDeadLetterCounts().values.reduce(0, +))
        }
        return "hub after run \(runID.map(String.init) ?? "-"): persons \(persons)   send events \(events)   open dead letters \(dead)"
    }

    private func email(of personID: Int64, full: Bool) throws -> String {
        let value = try store.readSync { tx in try tx.loadPerson(personID).state.attributes["email"]?.value }
        guard let value else { return "person \(personID)" }
        return full ? value : mask(value)
    }

    func mask(_ email: String?) -> String { email.map { redactor.maskEmail($0) } ?? "-" }

    private func describe(_ payload: MutationPayload) -> String {
        switch payload {
        case let .attributes(fields): "attributes " + fields.keys.sorted().joined(separator: ",")
        case let .consent(key, record): "consent \(key)=\(record.state.rawValue)"
        case let .suppression(suppression): "suppression \(suppression.channel.rawValue)/\(suppression.reason.rawValue)"
        case let .event(event): "event \(event.type.rawValue)"
        }
    }

    func table(_ header: [String], _ rows: [[String]]) -> [String] {
        let widths = header.indices.map { column in ([header] + rows).map { $0[column].count }.max() ?? 0 }
        return ([header] + rows).map { row in
            row.enumerated().map { $0.element.padding(toLength: widths[$0.offset], withPad: " ", startingAt: 0) }
                .joined(separator: "  ").trimmingCharacters(in: .whitespaces)
        }
    }
}
