import SyncCore
import Testing

@Suite struct AttributeRuleTests {
    let policy = ReconcilePolicy(fieldOwners: ["lifecycle_stage": "hubspot"], clearableFields: ["city"])

    func record(_ value: String, _ at: UTCMillis, _ source: VendorName) -> AttributeRecord {
        AttributeRecord(value: value, at: at, source: source)
    }

    @Test func laterWriterWins() {
        let current = record("Smith", 1_000, "braze")
        #expect(Rules.attribute(field: "last_name", current: current, incoming: record("Smith-Jones", 2_000, "hubspot"), policy: policy) == "newer")
        #expect(Rules.attribute(field: "last_name", current: current, incoming: record("Smyth", 999, "hubspot"), policy: policy) == nil)
    }

    @Test func firstValueIsTaken() {
        #expect(Rules.attribute(field: "first_name", current: nil, incoming: record("Ava", 5, "braze"), policy: policy) == "first value")
    }

    @Test func equalTimesAreDecidedTheSameWhateverTheOrder() {
        let a = record("Dmitri", 7_000, "braze")
        let b = record("Dmitry", 7_000, "hubspot")
        let aThenB = Rules.attribute(field: "first_name", current: a, incoming: b, policy: policy) != nil ? b : a
        let bThenA = Rules.attribute(field: "first_name", current: b, incoming: a, policy: policy) != nil ? a : b
        #expect(aThenB == bThenA)
        #expect(aThenB.value == "Dmitry")
    }

    @Test func ownerWinsEvenWhenOlder() {
        let current = record("customer", 9_000, "braze")
        #expect(Rules.attribute(field: "lifecycle_stage", current: current, incoming: record("lead", 1_000, "hubspot"), policy: policy) == "owner")
        let owned = record("lead", 1_000, "hubspot")
        #expect(Rules.attribute(field: "lifecycle_stage", current: owned, incoming: record("customer", 9_000, "braze"), policy: policy) == nil)
    }

    @Test func emptyValueDoesNotEraseUnlessClearable() {
        let current = record("Lisbon", 1_000, "braze")
        #expect(Rules.attribute(field: "last_name", current: record("Smith", 1, "braze"), incoming: record("", 5_000, "hubspot"), policy: policy) == nil)
        #expect(Rules.attribute(field: "city", current: current, incoming: record("", 5_000, "hubspot"), policy: policy) == "newer")
    }
}

@Suite struct ConsentRuleTests {
    func entry(_ state: ConsentState, _ at: UTCMillis, _ source: VendorName = "braze") -> ConsentRecord {
        ConsentRecord(state: state, at: at, source: source)
    }

    @Test func neutralNeverChangesAnything() {
        #expect(Rules.consent(current: entry(.optedOut, 10), incoming: entry(.unknown, 99)) == nil)
        #expect(Rules.consent(current: nil, incoming: entry(.unknown, 99)) == nil)
    }

    @Test func optOutIsOnlyOverturnedByAStrictlyNewerExplicitOptIn() {
        let optOut = entry(.optedOut, 1_000)
        #expect(Rules.consent(current: optOut, incoming: entry(.optedIn, 999, "hubspot")) == nil)
        #expect(Rules.consent(current: optOut, incoming: entry(.optedIn, 1_000, "hubspot")) == nil)
        #expect(Rules.consent(current: optOut, incoming: entry(.optedIn, 1_001, "hubspot")) == "explicit opt-in newer than opt-out")
    }

    @Test func optOutWinsOverAnOlderOrEqualOptIn() {
        #expect(Rules.consent(current: entry(.optedIn, 500), incoming: entry(.optedOut, 500)) == "opt-out")
        #expect(Rules.consent(current: entry(.optedIn, 500), incoming: entry(.optedOut, 900)) == "opt-out")
        #expect(Rules.consent(current: entry(.optedIn, 900), incoming: entry(.optedOut, 500)) == nil)
    }

    @Test func firstExplicitOptInIsRecorded() {
        #expect(Rules.consent(current: nil, incoming: entry(.optedIn, 1)) == "explicit opt-in")
        #expect(Rules.consent(current: entry(.unknown, 0), incoming: entry(.optedIn, 1)) == "explicit opt-in")
    }
}
