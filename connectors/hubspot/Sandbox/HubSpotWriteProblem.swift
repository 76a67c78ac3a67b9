/// Why a contact write was refused.
enum HubSpotWriteProblem: Sendable, Equatable {
    case unknownProperty(String)
    case readOnly(String)
    case invalidEmail(String)
    case invalidOption(name: String, value: String)

    var message: String {
        switch self {
        case .unknownProperty(let name): "Property \"\(name)\" does not exist"
        case .readOnly(let name): "Property \"\(name)\" is read-only and cannot be set"
        case .invalidEmail(let value): "Email address \(value) is invalid"
        case .invalidOption(let name, let value):
            "\(value) was not one of the allowed options for property \(name)"
        }
    }

    var code: String {
        switch self {
        case .unknownProperty: "PROPERTY_DOESNT_EXIST"
        case .readOnly: "READ_ONLY_VALUE"
        case .invalidEmail: "INVALID_EMAIL"
        case .invalidOption: "INVALID_OPTION"
        }
    }

    /// Unknown and read-only properties fail the whole request; bad values fail only their input in a batch.
    var failsWholeRequest: Bool {
        switch self {
        case .unknownProperty, .readOnly: true
        case .invalidEmail, .invalidOption: false
        }
    }
}
