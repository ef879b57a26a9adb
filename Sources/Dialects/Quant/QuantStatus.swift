/// The six task statuses of the vendor's enum. Kept as strings in the store; this type
/// validates input and names the transitions that have side effects.
enum QuantStatus: String, Sendable, CaseIterable {
    case pending
    case inProgress = "in_progress"
    case completed
    case failed
    case cancelled
    case blocked

    /// Statuses that stamp `completedAt` ("Changing to completed, failed, or cancelled").
    var isTerminal: Bool { self == .completed || self == .failed || self == .cancelled }

    /// The enum as the vendor lists it, for error messages.
    static let allowedList = allCases.map(\.rawValue).joined(separator: ", ")
}
