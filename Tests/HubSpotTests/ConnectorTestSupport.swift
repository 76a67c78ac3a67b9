import ConnectorKit
import ConnectorTestKit
import Foundation
import Logging
import SyncCore

@testable import HubSpotConnector

/// Shared helpers of the HubSpot connector tests.
enum ConnectorTestSupport {
    /// `fixtures/hubspot` of this repository.
    static let fixturesRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("fixtures")

    /// A replay transport for `fixtures/hubspot/<scenario>/`.
    static func replay(_ scenario: String) throws -> FixtureReplayTransport {
        try FixtureReplayTransport(root: fixturesRoot, vendor: "hubspot", scenario: scenario)
    }

    /// A configuration for fixtures: private-app token `pat-fixture`, small pages, sequential consent reads.
    static func configuration(
        pageSize: Int = 2, subscriptionTypes: [HubSpotConnector.SubscriptionType] = [],
        auth: HubSpotConnector.Auth = .privateApp(token: "pat-fixture"), consentAPI: HubSpotConnector.ConsentAPI = .v3
    ) -> HubSpotConnector.Configuration {
        HubSpotConnector.Configuration(
            baseURL: URL(string: "http://127.0.0.1:1")!, auth: auth, subscriptionTypes: subscriptionTypes,
            pageSize: pageSize, consentAPI: consentAPI, consentConcurrency: 1
        )
    }

    /// A connector over `transport` with a virtual clock (sleeps advance it instantly) and no jitter.
    static func connector(
        _ configuration: HubSpotConnector.Configuration, transport: any HTTPTransport,
        clock: VirtualClock = VirtualClock(),
        logger: Logger = Logger(label: "test.hubspot")
    ) -> HubSpotConnector {
        HubSpotConnector(
            configuration: configuration, transport: transport, logger: logger, clock: clock.epochClock,
            random: .minimum
        )
    }

    /// Pulls `stream` from `cursor` until `hasMore == false`; returns the items and the cursors after each page.
    static func pullAll(
        _ connector: any VendorConnector, stream: String, from cursor: CursorToken? = nil,
        now: UTCMillis = 1_700_000_000_000,
        maxPages: Int = 1_000
    ) async throws -> (items: [PulledItem], cursors: [CursorToken]) {
        try await PageWalker.pullAll(connector, stream: stream, from: cursor, now: now, maxPages: maxPages)
    }

    /// The changes of `items`.
    static func changes(_ items: [PulledItem]) -> [RemoteChange] {
        items.compactMap { if case .change(let change) = $0 { change } else { nil } }
    }

    /// The rejections of `items`.
    static func rejections(_ items: [PulledItem]) -> [RejectedRecord] {
        items.compactMap { if case .rejected(let record) = $0 { record } else { nil } }
    }

    /// The decoded contacts cursor of a token.
    static func contactsCursor(_ token: CursorToken) throws -> ContactsCursor {
        guard let cursor = try token.decode(ContactsCursor.self, expectedVersion: ContactsCursor.version) else {
            throw TestFailure("cursor of another version")
        }
        return cursor
    }

    /// An attributes mutation.
    static func attributes(
        _ key: String, email: String?, recordKey: String? = nil, _ fields: [String: String]
    ) -> Mutation {
        Mutation(
            idempotencyKey: key, vendor: "hubspot", recordKey: recordKey, email: email, personRef: "p-\(key)",
            payload: .attributes(fields))
    }
}



