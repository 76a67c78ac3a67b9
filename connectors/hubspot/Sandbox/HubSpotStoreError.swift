/// Why a contact store operation failed; routes turn it into HubSpot's error body.
enum HubSpotStoreError: Error, Sendable, Equatable {
    case notFound(String)
    case conflict(existingId: Int64)
    case invalid(HubSpotWriteProblem)
    case badMerge(String)
}
