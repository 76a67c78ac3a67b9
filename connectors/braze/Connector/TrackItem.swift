/// One object of a `POST /users/track` request, tied to the mutation it comes from.
struct TrackItem: Sendable {
    /// The array the object goes to.
    enum Array: String, Sendable {
        case attributes
        case events
    }

    let array: Array
    /// The object (`external_id` plus attributes, or an event object).
    let object: [String: BrazeJSON]
    /// The index of the mutation in the push batch.
    let mutation: Int
}

/// A `POST /users/track` request body: the attribute and event objects of one chunk.
struct TrackChunk: Sendable {
    private(set) var attributes: [TrackItem] = []
    private(set) var events: [TrackItem] = []

    var count: Int { attributes.count + events.count }

    /// Whether `item` still fits under `mode`.
    func fits(_ item: TrackItem, mode: BrazeConnector.Configuration.TrackBatchMode) -> Bool {
        mode.fits(arrayCount: item.array == .attributes ? attributes.count : events.count, totalCount: count)
    }

    mutating func append(_ item: TrackItem) {
        switch item.array {
        case .attributes: attributes.append(item)
        case .events: events.append(item)
        }
    }

    /// The item at `index` of `array`, as Braze reports it in `errors[].input_array` / `index` (0-based).
    func item(array: String, index: Int) -> TrackItem? {
        let items =
            array == TrackItem.Array.events.rawValue
            ? events : array == TrackItem.Array.attributes.rawValue ? attributes : []
        return items.indices.contains(index) ? items[index] : nil
    }

    /// Every item, attributes first.
    var all: [TrackItem] { attributes + events }

    /// The JSON body; empty arrays are left out.
    var body: BrazeJSON {
        var members: [String: BrazeJSON] = [:]
        if !attributes.isEmpty { members["attributes"] = .array(attributes.map { .object($0.object) }) }
        if !events.isEmpty { members["events"] = .array(events.map { .object($0.object) }) }
        return .object(members)
    }

    /// Splits `items` in order into chunks that respect `mode`.
    static func split(_ items: [TrackItem], mode: BrazeConnector.Configuration.TrackBatchMode) -> [TrackChunk] {
        var chunks: [TrackChunk] = []
        var current = TrackChunk()
        for item in items {
            if !current.fits(item, mode: mode) {
                chunks.append(current)
                current = TrackChunk()
            }
            current.append(item)
        }
        if current.count > 0 { chunks.append(current) }
        return chunks
    }
}
