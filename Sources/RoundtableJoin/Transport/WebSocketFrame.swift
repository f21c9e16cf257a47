import Foundation

/// The WebSocket wire format (RFC 6455 §5), as much as the join page needs: masked text
/// frames in, unmasked text and close frames out.
///
/// Frames are read with their size checked from the header, before any payload is read,
/// so a device that announces a huge frame is closed (1009) having cost the server a few
/// bytes; fragments count towards the same limit.
enum WebSocket {
    /// The GUID every handshake appends to the client's key (RFC 6455 §1.3).
    static let guid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"

    /// The `Sec-WebSocket-Accept` value for a client's `Sec-WebSocket-Key`.
    static func accept(key: String) -> String {
        Data(SHA1.digest(Array((key + guid).utf8))).base64EncodedString()
    }

    /// Whether a `Sec-WebSocket-Key` is what the protocol asks for: 16 bytes in base64.
    static func isValidKey(_ key: String) -> Bool {
        key.utf8.count == 24 && Data(base64Encoded: key)?.count == 16
    }

    /// A frame from a device, as far as the room cares.
    enum Incoming: Equatable {
        case text(String)
        case binary
        case ping([UInt8])
        case pong
        case close
    }

    /// Why a device's bytes are not a frame we take; each closes the connection with its code.
    enum Failure: Error, Equatable {
        /// Larger than the limit (1009).
        case tooBig
        /// Against the protocol: unmasked, reserved bits, a bad opcode or fragment (1002).
        case protocolError
        /// A text message that is not UTF-8 (1007).
        case notUTF8

        var closeCode: CloseCode {
            switch self {
            case .tooBig: return .messageTooBig
            case .protocolError: return .protocolError
            case .notUTF8: return .invalidPayload
            }
        }
    }

    /// Reads the next message from `reader`, joining fragments; control frames between
    /// fragments are returned as they come (the fragments read so far are kept in `partial`).
    static func read(from reader: inout ByteReader, limit: Int, partial: inout [UInt8], partialIsText: inout Bool?) async throws -> Incoming {
        while true {
            let head = try await reader.take(2)
            let fin = head[0] & 0x80 != 0
            guard head[0] & 0x70 == 0 else { throw Failure.protocolError }
            let opcode = head[0] & 0x0F
            guard head[1] & 0x80 != 0 else { throw Failure.protocolError }   // clients must mask
            var length = UInt64(head[1] & 0x7F)
            if length == 126 {
                let bytes = try await reader.take(2)
                length = UInt64(bytes[0]) << 8 | UInt64(bytes[1])
            } else if length == 127 {
                let bytes = try await reader.take(8)
                length = bytes.reduce(0) { $0 << 8 | UInt64($1) }
            }
            let isControl = opcode & 0x08 != 0
            if isControl {
                guard fin, length <= 125 else { throw Failure.protocolError }
            } else {
                guard length <= UInt64(limit), UInt64(partial.count) + length <= UInt64(limit) else { throw Failure.tooBig }
            }
            let mask = try await reader.take(4)
            var payload = try await reader.take(Int(length))
            for index in payload.indices { payload[index] ^= mask[index & 3] }

            switch opcode {
            case 0x8: return .close
            case 0x9: return .ping(payload)
            case 0xA: return .pong
            case 0x0:
                guard partialIsText != nil else { throw Failure.protocolError }
                partial += payload
            case 0x1, 0x2:
                guard partialIsText == nil else { throw Failure.protocolError }
                partialIsText = opcode == 0x1
                partial = payload
            default:
                throw Failure.protocolError
            }
            guard fin else { continue }
            defer {
                partial = []
                partialIsText = nil
            }
            guard partialIsText == true else { return .binary }
            guard let text = String(validating: partial, as: UTF8.self) else { throw Failure.notUTF8 }
            return .text(text)
        }
    }

    /// An unmasked server frame.
    static func frame(opcode: UInt8, _ payload: [UInt8]) -> [UInt8] {
        var bytes: [UInt8] = [0x80 | opcode]
        bytes.reserveCapacity(payload.count + 10)
        switch payload.count {
        case ..<126:
            bytes.append(UInt8(payload.count))
        case ...0xFFFF:
            bytes += [126, UInt8(payload.count >> 8), UInt8(truncatingIfNeeded: payload.count)]
        default:
            bytes.append(127)
            for shift in stride(from: 56, through: 0, by: -8) { bytes.append(UInt8(truncatingIfNeeded: UInt64(payload.count) >> UInt64(shift))) }
        }
        bytes += payload
        return bytes
    }
}

/// A close status (RFC 6455 §7.4.1).
public struct CloseCode: Sendable, Equatable {
    public var code: UInt16

    public static let goingAway = CloseCode(code: 1001)
    public static let protocolError = CloseCode(code: 1002)
    public static let invalidPayload = CloseCode(code: 1007)
    public static let policyViolation = CloseCode(code: 1008)
    public static let messageTooBig = CloseCode(code: 1009)
    public static let tryAgainLater = CloseCode(code: 1013)
}

/// A frame for a device, encoded once: a broadcast hands the same bytes to every connection.
struct OutFrame: Sendable {
    let bytes: [UInt8]
    /// Whether the connection ends after it.
    let closes: Bool

    static func text(_ text: String) -> OutFrame {
        OutFrame(bytes: WebSocket.frame(opcode: 0x1, Array(text.utf8)), closes: false)
    }

    static func pong(_ payload: [UInt8]) -> OutFrame {
        OutFrame(bytes: WebSocket.frame(opcode: 0xA, payload), closes: false)
    }

    /// A close frame; the reason is cut to fit a control frame (123 bytes).
    static func close(_ code: CloseCode, reason: String = "") -> OutFrame {
        var payload = [UInt8(code.code >> 8), UInt8(truncatingIfNeeded: code.code)]
        payload += Array(reason.utf8.prefix(123))
        return OutFrame(bytes: WebSocket.frame(opcode: 0x8, payload), closes: true)
    }
}
