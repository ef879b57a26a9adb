/// Counters of the writer since the store opened: `bodies / transactions` is the average
/// group-commit size (1.0 for a lone sequential writer, up to `groupCommitMax` under load).
public struct WriteStatistics: Sendable, Equatable {
    /// Write transactions committed or attempted.
    public var transactions: Int
    /// Write bodies run (succeeded or failed).
    public var bodies: Int

    public init(transactions: Int, bodies: Int) {
        self.transactions = transactions
        self.bodies = bodies
    }
}
