import SyncCore
import Testing

@Suite struct ReconcilerTests {
    let reconciler = Reconciler()
    let email = ConsentKey(channel: .email)

    @Test func brazeOptOutWinsOverNeutralHubSpotAndIsPlannedForHubSpot() {
        var person = PersonState()
        var hubspotMirror: MirrorState?
        var brazeMirror: MirrorState?
        let hubspot = RemoteChange(
            vendor: "hubspot", stream: "contacts", recordKey: "101", email: "ava.optout@example.com",
            attributes: ["email": AttributeValue("ava.optout@example.com", at: 1_000)],
            consent: [ConsentObservation(key: email, state: .unknown, at: 1_000, evidence: "NOT_SUBSCRIBED")]
        )
        let braze = RemoteChange(
            vendor: "braze", stream: "unsubscribes", recordKey: nil, email: "ava.optout@example.com",
            consent: [ConsentObservation(key: email, state: .optedOut, at: 2_000)]
        )
        #expect(reconciler.apply(hubspot, to: &person, mirror: &hubspotMirror, now: 5_000).map(\.subject) == ["attribute:email"])
        let diffs = reconciler.apply(braze, to: &person, mirror: &brazeMirror, now: 5_000)
        #expect(diffs == [Diff(subject: "consent:email/*", old: nil, new: "optedOut", source: "braze", at: 2_000, reason: "opt-out")])
        let plan = PushPlanner.plan(
            person: person, personRef: "vs-1", revision: 2, vendor: "hubspot", recordKey: "101", mirror: hubspotMirror,
            capabilities: PushCapabilities(fields: ["email"], consentKeys: [email])
        )
        #expect(plan.map(\.payload) == [.consent(email, ConsentRecord(state: .optedOut, at: 2_000, source: "braze"))])
    }

    @Test func echoOfOurOwnWriteProducesNoDiff() {
        var person = PersonState(attributes: ["first_name": AttributeRecord(value: "Dmitri", at: 3_000, source: "braze")])
        var mirror: MirrorState? = MirrorState(attributes: ["first_name": "Dmitri"], seenAt: 4_000)
        let change = RemoteChange(
            vendor: "hubspot", stream: "contacts", recordKey: "7",
            attributes: ["first_name": AttributeValue("Dmitri", at: 9_000)]
        )
        #expect(reconciler.apply(change, to: &person, mirror: &mirror, now: 10_000).isEmpty)
        #expect(person.attributes["first_name"]?.source == "braze")
        #expect(mirror?.seenAt == 10_000)
    }

    @Test func changeWithoutVendorTimeIsAtLeastAfterTheMirror() {
        var person = PersonState(attributes: ["last_name": AttributeRecord(value: "Smith", at: 5_000, source: "hubspot")])
        var mirror: MirrorState? = MirrorState(attributes: ["last_name": "Smith"], seenAt: 6_000)
        let change = RemoteChange(vendor: "braze", stream: "profiles", recordKey: "cust-3",
                                  attributes: ["last_name": AttributeValue("Smythe", at: 100)])
        let diffs = reconciler.apply(change, to: &person, mirror: &mirror, now: 8_000)
        #expect(diffs.first?.at == 6_001)
        #expect(person.attributes["last_name"] == AttributeRecord(value: "Smythe", at: 6_001, source: "braze"))
    }

    @Test func optOutWithoutVendorTimeCountsAsNow() {
        var person = PersonState(consent: [email: ConsentRecord(state: .optedIn, at: 7_000, source: "hubspot")])
        var mirror: MirrorState?
        let change = RemoteChange(vendor: "braze", stream: "profiles", recordKey: "cust-1",
                                  consent: [ConsentObservation(key: email, state: .optedOut, at: nil)])
        _ = reconciler.apply(change, to: &person, mirror: &mirror, now: 9_000)
        #expect(person.consent[email] == ConsentRecord(state: .optedOut, at: 9_000, source: "braze"))
    }

    @Test func aValueWithoutVendorTimeIsDatedWhenPulledInTheTrailAndStillRanksOldest() {
        var person = PersonState()
        var listed: MirrorState?
        let row = RemoteChange(vendor: "braze", stream: "unsubscribes", recordKey: nil, email: "ben.optin@example.com",
                               attributes: ["email": AttributeValue("ben.optin@example.com", at: nil)])
        let diffs = reconciler.apply(row, to: &person, mirror: &listed, now: 9_000)
        #expect(diffs == [Diff(subject: "attribute:email", old: nil, new: "ben.optin@example.com", source: "braze", at: 9_000,
                               reason: "first value (\(Reconciler.undatedReason))")])
        #expect(person.attributes["email"] == AttributeRecord(value: "ben.optin@example.com", at: 0, source: "braze"))

        // A dated address pulled later, though older than the pull above, still wins over the undated one.
        var mirror: MirrorState?
        let contact = RemoteChange(vendor: "hubspot", stream: "contacts", recordKey: "7", email: "ben@example.com",
                                   attributes: ["email": AttributeValue("ben@example.com", at: 5_000)])
        #expect(reconciler.apply(contact, to: &person, mirror: &mirror, now: 10_000).map(\.reason) == ["newer"])
        #expect(person.attributes["email"]?.value == "ben@example.com")
    }

    @Test func hardBounceEventSuppressesEmail() {
        var person = PersonState()
        var mirror: MirrorState?
        let bounce = SendEvent(vendor: "sfmc", eventKey: "b1", type: .hardBounce, at: 4_000)
        let change = RemoteChange(vendor: "sfmc", stream: "events", recordKey: "sk-1", events: [bounce])
        let diffs = reconciler.apply(change, to: &person, mirror: &mirror, now: 5_000)
        #expect(diffs.map(\.subject) == ["suppression:email/hardBounce"])
        #expect(person.isSuppressed(.email))
        let plan = PushPlanner.plan(person: person, personRef: "vs-9", revision: 1, vendor: "braze", recordKey: "cust-9",
                                    mirror: nil, capabilities: PushCapabilities(suppressions: true))
        #expect(plan.count == 1)
        #expect(plan.first?.payload == .suppression(Suppression(channel: .email, reason: .hardBounce, at: 4_000, source: "sfmc")))
    }

    @Test func mergeKeepsAnOptOutFromEitherRecord() {
        var survivor = PersonState(consent: [email: ConsentRecord(state: .unknown, at: 0, source: "hubspot")])
        let absorbed = PersonState(consent: [email: ConsentRecord(state: .optedOut, at: 3_000, source: "hubspot")])
        let diffs = reconciler.merge(absorbed, into: &survivor)
        #expect(survivor.effectiveConsent(email) == .optedOut)
        #expect(diffs.map(\.reason) == ["merge: opt-out"])
    }

    @Test func channelWideOptOutOverridesTopics() {
        let person = PersonState(consent: [
            email: ConsentRecord(state: .optedOut, at: 2, source: "braze"),
            ConsentKey(channel: .email, topic: "newsletter"): ConsentRecord(state: .optedIn, at: 1, source: "hubspot"),
        ])
        #expect(person.effectiveConsent(ConsentKey(channel: .email, topic: "newsletter")) == .optedOut)
        #expect(person.effectiveConsent(ConsentKey(channel: .sms)) == .unknown)
    }

    @Test func plannerSkipsWhatTheMirrorHoldsAndNeverPushesUnknown() {
        let person = PersonState(attributes: ["first_name": AttributeRecord(value: "Ben", at: 1, source: "hubspot")])
        let capabilities = PushCapabilities(fields: ["first_name"], consentKeys: [email], canCreate: true)
        let aligned = PushPlanner.plan(person: person, personRef: "vs-2", revision: 1, vendor: "braze", recordKey: "cust-2",
                                       mirror: MirrorState(attributes: ["first_name": "Ben"]), capabilities: capabilities)
        #expect(aligned.isEmpty)
        let create = PushPlanner.plan(person: person, personRef: "vs-2", revision: 1, vendor: "braze", recordKey: nil,
                                      mirror: nil, capabilities: capabilities)
        #expect(create.map(\.payload) == [.attributes(["first_name": "Ben"])])
        #expect(create.first?.recordKey == nil)
        let again = PushPlanner.plan(person: person, personRef: "vs-2", revision: 1, vendor: "braze", recordKey: nil,
                                     mirror: nil, capabilities: capabilities)
        #expect(again.first?.idempotencyKey == create.first?.idempotencyKey)
    }
}

@Suite struct NeutralOptInTests {
    @Test func aVendorWithoutExplicitOptInIsNotPushedAgainWhenItReadsBackNeutral() {
        let key = ConsentKey(channel: .email)
        let person = PersonState(consent: [key: ConsentRecord(state: .optedIn, at: 9, source: "hubspot")])
        let sfmcLike = PushCapabilities(consentKeys: [key], optInReadsAsNeutral: true)
        let neutral = MirrorState(consent: [key: .unknown])
        #expect(PushPlanner.plan(person: person, personRef: "p", revision: 1, vendor: "sfmc", recordKey: "sk-1",
                                 mirror: neutral, capabilities: sfmcLike).isEmpty)
        let optedOut = MirrorState(consent: [key: .optedOut])
        #expect(PushPlanner.plan(person: person, personRef: "p", revision: 1, vendor: "sfmc", recordKey: "sk-1",
                                 mirror: optedOut, capabilities: sfmcLike).count == 1)
        #expect(PushPlanner.plan(person: person, personRef: "p", revision: 1, vendor: "braze", recordKey: "c-1",
                                 mirror: neutral, capabilities: PushCapabilities(consentKeys: [key])).count == 1)
    }
}
