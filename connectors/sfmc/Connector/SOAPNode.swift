import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// A parsed XML element of a SOAP response: local name, `xsi:type` (local part), children and text.
///
/// Built with `XMLParser` (libxml2, namespace processing on) — the fastest reader measured (STACK.md) and free of
/// `XMLNode`'s Linux pitfalls. `xml` re-serialises the element (escaped) for `RemoteChange.raw` and dead letters.
struct SOAPNode: Sendable, Equatable {
    var name: String
    var xsiType: String?
    var children: [SOAPNode] = []
    var text: String = ""

    /// The first child named `name`.
    func child(_ name: String) -> SOAPNode? { children.first { $0.name == name } }

    /// Every child named `name`.
    func all(_ name: String) -> [SOAPNode] { children.filter { $0.name == name } }

    /// The whitespace-trimmed text of the first child named `name`; `nil` when absent.
    func value(_ name: String) -> String? {
        child(name).map { $0.text.trimmingCharacters(in: .whitespacesAndNewlines) }
    }

    /// The element as XML text (`<Results xsi:type="Subscriber">…</Results>`), values escaped.
    var xml: String {
        var writer = XMLWriter()
        write(into: &writer)
        return writer.text
    }

    private func write(into writer: inout XMLWriter) {
        writer.open(name, xsiType.map { [("xsi:type", $0)] } ?? [])
        if children.isEmpty { writer.characters(text.trimmingCharacters(in: .whitespacesAndNewlines)) }
        for child in children { child.write(into: &writer) }
        writer.close(name)
    }

    /// Parses `data`; `nil` when it is not well-formed XML (for example a truncated body).
    static func parse(_ data: Data) -> SOAPNode? {
        let builder = SOAPTreeBuilder()
        let parser = XMLParser(data: data)
        parser.shouldProcessNamespaces = true
        parser.delegate = builder
        guard parser.parse() else { return nil }
        return builder.root
    }

    /// Parses a fragment such as `RemoteChange.raw` (declares the `xsi` prefix around it).
    static func parseFragment(_ text: String) -> SOAPNode? {
        let wrapped = "<w xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">\(text)</w>"
        return parse(Data(wrapped.utf8))?.children.first
    }
}

private final class SOAPTreeBuilder: NSObject, XMLParserDelegate {
    var stack: [SOAPNode] = []
    var root: SOAPNode?

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]) {
        let type = attributeDict.first { $0.key == "type" || $0.key.hasSuffix(":type") }?.value
        stack.append(SOAPNode(name: elementName, xsiType: type.map { String($0.split(separator: ":").last ?? "") }))
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        guard !stack.isEmpty else { return }
        stack[stack.count - 1].text += string
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?) {
        guard let node = stack.popLast() else { return }
        if stack.isEmpty { root = node } else { stack[stack.count - 1].children.append(node) }
    }
}
