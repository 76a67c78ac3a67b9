import Foundation
import GRDB
import SyncCore

/// Typed access to the store inside one transaction (or read snapshot). Not to be kept beyond the closure.
public struct StoreTransaction {
    let db: Database

    /// Runs `sql` with `arguments` through a cached prepared statement.
    func execute(_ sql: String, _ arguments: StatementArguments = []) throws {
        let statement = try db.cachedStatement(sql: sql)
        try statement.execute(arguments: arguments)
    }

    /// The number of rows changed by the last statement.
    var changes: Int { db.changesCount }

    static let encoder = JSONEncoder.sortedKeys
    static let decoder = JSONDecoder()

    static func json<T: Encodable>(_ value: T) throws -> String {
        String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    static func decode<T: Decodable>(_ type: T.Type, _ text: String) throws -> T {
        try decoder.decode(T.self, from: Data(text.utf8))
    }
}

extension JSONEncoder {
    /// An encoder with sorted keys, so equal values store as equal text.
    static var sortedKeys: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }
}
