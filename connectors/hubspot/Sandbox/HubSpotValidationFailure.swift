/// A request HubSpot would refuse with 400 VALIDATION_ERROR; `message` goes into the error body.
struct HubSpotValidationFailure: Error, Sendable {
    var message: String
    init(_ message: String) { self.message = message }
}
