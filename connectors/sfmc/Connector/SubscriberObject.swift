/// One `Subscriber` object of a SOAP `Create` (with `UpdateAdd`), written in the WSDL's element order:
/// `EmailAddress`, `Attributes{Name,Value}`, `SubscriberKey`, `Status`, `Lists{ID,Status}`.
struct SubscriberObject: Sendable, Equatable {
    var subscriberKey: String
    var emailAddress: String?
    var attributes: [(name: String, value: String)] = []
    var status: String?
    var lists: [(id: Int, status: String)] = []

    static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.subscriberKey == rhs.subscriberKey && lhs.emailAddress == rhs.emailAddress && lhs.status == rhs.status
            && lhs.attributes.map(\.name) == rhs.attributes.map(\.name) && lhs.attributes.map(\.value) == rhs.attributes.map(\.value)
            && lhs.lists.map(\.id) == rhs.lists.map(\.id) && lhs.lists.map(\.status) == rhs.lists.map(\.status)
    }

    func write(into xml: inout XMLWriter) {
        xml.open("Objects", [("xsi:type", "Subscriber")])
        xml.element("EmailAddress", emailAddress)
        for attribute in attributes {
            xml.open("Attributes")
            xml.element("Name", attribute.name)
            xml.element("Value", attribute.value)
            xml.close("Attributes")
        }
        xml.element("SubscriberKey", subscriberKey)
        xml.element("Status", status)
        for list in lists {
            xml.open("Lists")
            xml.element("ID", String(list.id))
            xml.element("Status", list.status)
            xml.close("Lists")
        }
        xml.close("Objects")
    }
}
