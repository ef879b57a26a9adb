import Synchronization

extension Router {
    /// One node of the route trie: the end of one distinct template prefix.
    final class Node: @unchecked Sendable {
        // @unchecked: mutated only while the router is being built, on the thread building it,
        // before the router is handed to the server; read-only afterwards. Debug builds check
        // it: the first request seals the root, and adding a route to a sealed trie traps.
        // @exclusivity(unchecked) on the trie's vars: for the same reason no access can overlap,
        // and the dynamic check costs a runtime call on every read of a request's match.
        let sealed = Atomic<Bool>(false)
        /// The literal children. A node has a handful, so matching scans them comparing bytes,
        /// which costs less than hashing every segment (SipHash) for a dictionary lookup.
        @exclusivity(unchecked) var literals: [Literal] = []
        @exclusivity(unchecked) var capture: (name: String, node: Node)?
        /// The routes by method, in the order they were added (`PathMatching.allowsFirstRouteOnly`
        /// answers with the first one's method). A node has a few: a scan finds one.
        @exclusivity(unchecked) var routes: [(method: String, route: Route)] = []
        /// How many captures the path from the root to here has: what a match ending here
        /// reserves in its `Parameters`, so that they are stored without growing.
        let captures: Int

        init(captures: Int = 0) { self.captures = captures }

        /// The literal child `text` (compared as `String`s compare, as the dictionary did).
        func literal(_ text: String) -> Node? {
            for l in literals where l.text == text { return l.node }
            return nil
        }

        /// The literal child that `segment` equals.
        func literal(matching segment: PathSegment) -> Node? {
            for l in literals where segment.equals(l) { return l.node }
            return nil
        }

        func route(_ method: String) -> Route? {
            for r in routes where r.method == method { return r.route }
            return nil
        }
    }

    /// A literal child of a trie node.
    struct Literal {
        let text: String
        /// `text`'s UTF-8 if it is all ASCII, else nil: an ASCII segment equals an ASCII literal
        /// exactly when their bytes are equal.
        let ascii: [UInt8]?
        let node: Node

        init(_ text: String, _ node: Node) {
            self.text = text
            self.ascii = text.utf8.allSatisfy { $0 < 0x80 } ? Array(text.utf8) : nil
            self.node = node
        }
    }
}
