import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// A parsed XML element: local name, namespace, `xsi:type` (local part), children and text.
///
/// Built with `XMLParser` (libxml2) with namespace processing on; the sandbox reads SOAP requests through it.
struct SFMCXMLNode: Sendable {
    var name: String
    var namespace: String?
    var xsiType: String?
    var children: [SFMCXMLNode] = []
    var text: String = ""

    /// The first child named `name`.
    func child(_ name: String) -> SFMCXMLNode? { children.first { $0.name == name } }

    /// Every child named `name`.
    func all(_ name: String) -> [SFMCXMLNode] { children.filter { $0.name == name } }

    /// The trimmed text of the first child named `name`.
    func value(_ name: String) -> String? {
        child(name).map { $0.text.trimmingCharacters(in: .whitespacesAndNewlines) }
    }

    /// The first descendant (depth first) named `name`.
    func find(_ name: String) -> SFMCXMLNode? {
        for child in children {
            if child.name == name { return child }
            if let found = child.find(name) { return found }
        }
        return nil
    }

    /// Parses `data`; `nil` when it is not well-formed XML.
    static func parse(_ data: Data) -> SFMCXMLNode? {
        let builder = TreeBuilder()
        let parser = XMLParser(data: data)
        parser.shouldProcessNamespaces = true
        parser.delegate = builder
        guard parser.parse(), let root = builder.root else { return nil }
        return root
    }
}

private final class TreeBuilder: NSObject, XMLParserDelegate {
    var stack: [SFMCXMLNode] = []
    var root: SFMCXMLNode?

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]) {
        let type = attributeDict.first { $0.key == "type" || $0.key.hasSuffix(":type") }?.value
        let localType = type.map { String($0.split(separator: ":").last ?? Substring($0)) }
        stack.append(SFMCXMLNode(name: elementName, namespace: namespaceURI, xsiType: localType))
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
