import Foundation

extension JSONEncoder {
    /// An encoder with sorted keys, so equal values always encode to equal bytes (stable cursors and keys).
    public static var sorted: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }
}
