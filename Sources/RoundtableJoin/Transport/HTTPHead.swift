import Foundation

/// The request line and headers of an HTTP/1.1 request (RFC 9112 §2–5): all the join server
/// reads, since it takes no bodies.
struct HTTPHead: Equatable {
    var method: String
    /// The path, without the query.
    var path: String
    /// The query's values by name (the first of each name), percent-decoded.
    var query: [String: String]
    /// Header values by lowercased name; a repeated header's values joined with ", ".
    var headers: [String: String]
    /// Names of headers given more than once.
    var repeated: Set<String>

    subscript(header name: String) -> String? { headers[name] }

    /// Parses a head; nil when it is not a well-formed HTTP/1.x request.
    init?(_ bytes: [UInt8], maxHeaders: Int = 64) {
        guard let text = String(validating: bytes, as: UTF8.self) else { return nil }
        var lines = text.split(separator: "\r\n", omittingEmptySubsequences: false)
        guard !lines.isEmpty else { return nil }
        let requestLine = lines.removeFirst().split(separator: " ", omittingEmptySubsequences: false)
        guard requestLine.count == 3, requestLine[2] == "HTTP/1.1" || requestLine[2] == "HTTP/1.0",
              !requestLine[0].isEmpty, requestLine[0].allSatisfy({ $0.isASCII && $0.isUppercase }),
              requestLine[1].hasPrefix("/"), lines.count <= maxHeaders else { return nil }
        method = String(requestLine[0])
        let target = requestLine[1]
        if let mark = target.firstIndex(of: "?") {
            path = String(target[..<mark])
            var query: [String: String] = [:]
            for pair in target[target.index(after: mark)...].split(separator: "&") {
                let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                let name = String(parts[0]).removingPercentEncoding ?? ""
                let value = parts.count > 1 ? (String(parts[1]).removingPercentEncoding ?? "") : ""
                if query[name] == nil { query[name] = value }
            }
            self.query = query
        } else {
            path = String(target)
            query = [:]
        }
        var headers: [String: String] = [:]
        var repeated: Set<String> = []
        for line in lines {
            // No obsolete line folding, no space before the colon (RFC 9112 §5.1–5.2).
            guard let colon = line.firstIndex(of: ":"), colon != line.startIndex,
                  !line[..<colon].contains(where: { $0 == " " || $0 == "\t" }),
                  line.first != " ", line.first != "\t" else { return nil }
            let name = line[..<colon].lowercased()
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            if let earlier = headers[name] {
                headers[name] = earlier + ", " + value
                repeated.insert(name)
            } else {
                headers[name] = value
            }
        }
        self.headers = headers
        self.repeated = repeated
    }

    /// Whether a comma-separated header lists `token` (case-insensitive), like `Connection: keep-alive, Upgrade`.
    func lists(_ name: String, _ token: String) -> Bool {
        headers[name]?.split(separator: ",").contains { $0.trimmingCharacters(in: .whitespaces).lowercased() == token } ?? false
    }
}

/// A response with a complete body; every one closes its connection.
struct HTTPReply {
    var status: Int
    var headers: [(String, String)]
    var body: [UInt8]

    static let reasons = [
        101: "Switching Protocols", 200: "OK", 400: "Bad Request", 403: "Forbidden", 404: "Not Found",
        405: "Method Not Allowed", 408: "Request Timeout", 413: "Content Too Large", 421: "Misdirected Request",
        431: "Request Header Fields Too Large", 503: "Service Unavailable",
    ]

    static func plain(_ status: Int, _ text: String, headers: [(String, String)] = []) -> HTTPReply {
        HTTPReply(status: status, headers: [("Content-Type", "text/plain; charset=utf-8")] + headers, body: Array(text.utf8))
    }

    /// The bytes on the wire; `head` leaves the body out (a HEAD request) but keeps its length.
    func encoded(head: Bool = false) -> [UInt8] {
        var text = "HTTP/1.1 \(status) \(Self.reasons[status] ?? "Status")\r\n"
        for (name, value) in headers { text += "\(name): \(value)\r\n" }
        if status != 101 {
            text += "Content-Length: \(body.count)\r\nConnection: close\r\n"
        }
        text += "\r\n"
        return Array(text.utf8) + (head ? [] : body)
    }
}
