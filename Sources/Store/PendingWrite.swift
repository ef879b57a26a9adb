/// One queued write body with its completion, type-erased so bodies of different result
/// types can share a group transaction.
struct PendingWrite: Sendable {
    /// Runs the body inside its savepoint. Returns its error (nil if it succeeded) and how to
    /// report the outcome once the group's fate is known: `deliver(nil)` after a successful
    /// COMMIT, `deliver(error)` if the transaction as a whole failed (a body that itself
    /// failed reports its own error either way).
    let execute: @Sendable (inout WriteTransaction) -> (error: StoreError?, deliver: @Sendable (StoreError?) -> Void)
    /// Reports `error` without running (the store closed, BEGIN failed).
    let fail: @Sendable (StoreError) -> Void

    init<T: Sendable>(_ body: @escaping @Sendable (inout WriteTransaction) throws -> T,
                      completion: @escaping @Sendable (Result<T, StoreError>) -> Void) {
        execute = { tx in
            do {
                let value = try body(&tx)
                return (nil, { commitError in
                    if let commitError { completion(.failure(commitError)) } else { completion(.success(value)) }
                })
            } catch {
                let e = StoreError.wrap(error)
                return (e, { _ in completion(.failure(e)) })
            }
        }
        fail = { completion(.failure($0)) }
    }
}
