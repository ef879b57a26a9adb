/// `Result` without the `Error` constraint: validation yields a list of issues and
/// authentication a ready response, neither of which is an error to throw.
public enum Outcome<Value, Failure> {
    case success(Value)
    case failure(Failure)
}

extension Outcome: Sendable where Value: Sendable, Failure: Sendable {}

/// The outcome of validating a request part: the value, or every pydantic issue found.
public typealias Validation<Value> = Outcome<Value, [ValidationIssue]>
