import JSON

/// A vendor dialect: a thin adapter that mounts the vendor's routes over the shared task
/// store and loads its part of a seed document.
public protocol Dialect: Sendable {
    /// The dialect's key in a seed document and in the store (`"quant"`, `"amigo"`).
    var name: String { get }
    /// Registers the dialect's routes and the error shape of the path prefix it owns.
    func mount(on router: inout Router)
    /// Loads this dialect's part of a seed document. Blocks until it is committed.
    func seed(_ part: JSONValue) throws
}

/// `--auth open|strict`: in `open` any well-formed credential is accepted; in `strict` only
/// credentials registered for the tenant are.
public enum AuthMode: String, Sendable, CaseIterable {
    case open
    case strict
}
