import RoundtableKit

/// A display that shows everything on `base` (the terminal) and lets the room's devices
/// follow what the session publishes.
public struct JoinDisplay: RunDisplay {
    public let base: any RunDisplay
    public let room: JoinRoom

    public init(base: any RunDisplay, room: JoinRoom) {
        self.base = base
        self.room = room
    }

    public func show(_ event: DisplayEvent) {
        base.show(event)
        room.observe(event)
    }

    public func refresh(_ status: RunStatus) { base.refresh(status) }

    public var wantsTicks: Bool { base.wantsTicks }
}

/// Typed lines from `base`, less the join server's own commands (`/allow NAME`), which it
/// carries out and answers on `display`.
public struct JoinInput: RunInput {
    public let base: any RunInput
    public let room: JoinRoom
    public let display: any RunDisplay

    public init(base: any RunInput, room: JoinRoom, display: any RunDisplay) {
        self.base = base
        self.room = room
        self.display = display
    }

    /// The name in an `/allow NAME` line, or nil for any other line.
    public static func allowed(in line: String) -> String? {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        let words = trimmed.split(separator: " ", maxSplits: 1)
        guard words.first?.lowercased() == "/allow" else { return nil }
        return words.count == 2 ? String(words[1]) : ""
    }

    public func lines() -> AsyncStream<String> {
        let source = base.lines()
        let (stream, sink) = AsyncStream<String>.makeStream()
        let task = Task { [room, display] in
            for await line in source {
                if let name = JoinInput.allowed(in: line) {
                    display.show(.notice(name.isEmpty ? "Type /allow NAME to let NAME join from one more device." : room.allow(name)))
                } else {
                    sink.yield(line)
                }
            }
            sink.finish()
        }
        sink.onTermination = { _ in task.cancel() }
        return stream
    }
}
