/// Renders matching records as `<Results xsi:type="…">` elements with the requested properties in the WSDL's
/// sequence order (APIObject fields first, then the subtype's), so responses validate against etframework.wsdl.
enum SFMCResultRenderer {
    /// The rendered rows of `objectType` matching `filter`, in a stable order (subscribers by `ID`, list rows by
    /// list and key, events by `EventDate`).
    static func rows(objectType: String, properties: Set<String>, data: SFMCSandboxData,
                     filter: (any SFMCFilterable) -> Bool) -> [String] {
        switch objectType {
        case "Subscriber":
            // Filtered first, then sorted: an incremental Retrieve sorts its matches, not the whole business unit.
            return data.subscribers.values.filter { filter($0) }.sorted { $0.id < $1.id }.map {
                render("Subscriber", order: SFMCSubscriberRecord.properties, properties, $0.property,
                       attributes: properties.contains("Attributes") ? $0.attributes : nil)
            }
        case "ListSubscriber":
            let rows = data.lists.keys.sorted().flatMap { id in
                (data.lists[id] ?? [:]).values.filter { filter($0) }.sorted { $0.subscriberKey < $1.subscriberKey }
            }
            return rows.map {
                render("ListSubscriber", order: SFMCListMembership.properties, properties, $0.property, attributes: nil)
            }
        default:
            let order = SFMCTrackingEvent.properties(objectType)
            return data.events.filter { $0.objectType == objectType && filter($0) }
                .sorted { ($0.eventDateMs, $0.subscriberKey) < ($1.eventDateMs, $1.subscriberKey) }
                .map { render(objectType, order: order, properties, $0.property, attributes: nil) }
        }
    }

    private static func render(_ type: String, order: [String], _ wanted: Set<String>, _ value: (String) -> String?,
                               attributes: [String: String]?) -> String {
        var xml = SFMCXMLWriter()
        xml.open("Results", [("xsi:type", type)])
        if wanted.contains("Client.ID") {
            xml.open("Client")
            xml.element("ID", "100")
            xml.close("Client")
        }
        for name in order where wanted.contains(name) {
            if name == "Attributes" {
                for (key, text) in (attributes ?? [:]).sorted(by: { $0.key < $1.key }) {
                    xml.open("Attributes")
                    xml.element("Name", key)
                    xml.element("Value", text)
                    xml.close("Attributes")
                }
            } else {
                xml.element(name, value(name))
            }
        }
        xml.close("Results")
        return xml.text
    }
}
