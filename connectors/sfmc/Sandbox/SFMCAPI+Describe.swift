import Hummingbird

extension SFMCAPI {
    /// `Describe` (`DefinitionRequestMsg`): one `ObjectDefinition` per requested supported object type with its
    /// retrievable properties; unknown types are skipped. Source: etframework.wsdl `DefinitionResponseMsg`.
    func describe(_ message: SFMCXMLNode) -> Response {
        let types = message.child("DescribeRequests")?.all("ObjectDefinitionRequest").compactMap { $0.value("ObjectType") } ?? []
        var xml = SFMCXMLWriter()
        SFMCSOAP.openMessage("DefinitionResponseMsg", into: &xml)
        for type in types {
            guard let properties = Self.retrievable[type] else { continue }
            xml.open("ObjectDefinition")
            xml.element("ObjectType", type)
            xml.element("Name", type)
            xml.element("IsCreatable", type == "Subscriber" ? "true" : "false")
            xml.element("IsUpdatable", type == "Subscriber" ? "true" : "false")
            xml.element("IsRetrievable", "true")
            for name in properties where name != "Client.ID" {
                xml.open("Properties")
                xml.element("Name", name)
                xml.element("DataType", name.hasSuffix("Date") ? "DateTime" : (name.hasSuffix("ID") ? "Int32" : "String"))
                xml.element("IsUpdatable", type == "Subscriber" && name != "ID" && !name.hasSuffix("Date") ? "true" : "false")
                xml.element("IsRetrievable", "true")
                xml.close("Properties")
            }
            xml.close("ObjectDefinition")
        }
        xml.element("RequestID", state.data.withLock { $0.newGUID() })
        xml.close("DefinitionResponseMsg")
        return SFMCSOAP.envelope(xml)
    }
}
