import HTTPTypes
import Hummingbird

extension HTTPFields {
    /// Sets header `name` (any spelling HTTP allows; sent as written) to `value`, replacing earlier values.
    /// Invalid names are ignored.
    public mutating func setSandboxField(_ name: String, _ value: String) {
        guard let fieldName = HTTPField.Name(name) else { return }
        self[fieldName] = value
    }
}
