import Foundation
import Synchronization

/// The one path by which run output reaches a file descriptor: whole writes under a lock,
/// so the header redraw and the working area never interleave.
final class TerminalWriter: Sendable {
    let descriptor: Int32
    private let lock = Mutex(())

    init(descriptor: Int32 = STDOUT_FILENO) { self.descriptor = descriptor }

    func write(_ text: String) {
        lock.withLock { _ in
            var bytes = Array(text.utf8)
            var offset = 0
            while offset < bytes.count {
                let written = bytes.withUnsafeMutableBytes { buffer in
                    Foundation.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                }
                if written < 0 {
                    if errno == EINTR || errno == EAGAIN { continue }
                    return
                }
                offset += written
            }
            bytes.removeAll()
        }
    }
}
