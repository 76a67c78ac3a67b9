/// A Retrieve filter: `SimpleFilterPart` or `ComplexFilterPart` (etframework.wsdl), written through `XMLWriter`.
///
/// `FilterPart.oneOf` uses `equals` for a single value and `IN` only for two or more (SFMC rejects a one-value
/// `IN`). Operands of a complex part carry `xsi:type="SimpleFilterPart"` (sfmc.md §4.1).
indirect enum FilterPart: Sendable, Equatable {
    case simple(property: String, op: String, values: [String], dates: Bool)
    case complex(FilterPart, logical: String, FilterPart)

    /// `property equals v` or `property IN (v1, v2, …)`.
    static func oneOf(_ property: String, _ values: [String]) -> FilterPart {
        .simple(property: property, op: values.count == 1 ? "equals" : "IN", values: values, dates: false)
    }

    /// A date comparison; values are system-time texts.
    static func date(_ property: String, _ op: String, _ values: [String]) -> FilterPart {
        .simple(property: property, op: op, values: values, dates: true)
    }

    /// Writes the part as element `name` (`Filter`, `LeftOperand`, `RightOperand`).
    func write(into xml: inout XMLWriter, as name: String = "Filter") {
        switch self {
        case let .simple(property, op, values, dates):
            xml.open(name, [("xsi:type", "SimpleFilterPart")])
            xml.element("Property", property)
            xml.element("SimpleOperator", op)
            for value in values { xml.element(dates ? "DateValue" : "Value", value) }
            xml.close(name)
        case let .complex(left, logical, right):
            xml.open(name, [("xsi:type", "ComplexFilterPart")])
            left.write(into: &xml, as: "LeftOperand")
            xml.element("LogicalOperator", logical)
            right.write(into: &xml, as: "RightOperand")
            xml.close(name)
        }
    }
}
