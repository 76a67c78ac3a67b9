extension BrazeConnector.Configuration: CustomStringConvertible, CustomDebugStringConvertible {
    /// The settings an operator needs to see, with the API key replaced by `REDACTED`.
    public var description: String {
        "Braze(restBaseURL: \(restBaseURL), apiKey: REDACTED, trackBatchMode: \(trackBatchMode.rawValue), "
            + "fields: \(fieldMapping.keys.sorted().joined(separator: ",")), "
            + "subscriptionGroups: \(subscriptionGroups.count), "
            + "pushEvents: \(pushEvents), blocklistHardBounces: \(blocklistHardBounces))"
    }

    /// Same as `description`: the API key never appears.
    public var debugDescription: String { description }
}
