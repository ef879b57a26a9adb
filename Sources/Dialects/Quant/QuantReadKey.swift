/// Keys of Quant's answers in the store's read cache (`ReadCache`). A key names everything an
/// answer depends on besides the store and the clock: the route (first letter), the
/// organisation, and the task id or the query string as sent. The organisation goes in with
/// its length first, so two different requests cannot make the same key whatever bytes their
/// parts hold.
enum QuantReadKey {
    static func task(organisation: String, id: String) -> String {
        "t\(organisation.utf8.count):\(organisation)/\(id)"
    }

    static func list(organisation: String, query: Substring) -> String {
        "l\(organisation.utf8.count):\(organisation)?\(query)"
    }
}
