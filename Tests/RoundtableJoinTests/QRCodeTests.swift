import Foundation
import RoundtableJoin
import Testing

/// The QR code printed in the terminal scans: its half blocks, turned back into pixels and
/// written as a PNG, are read by zbarimg (Debian's zbar-tools).
struct QRCodeTests {
    static let zbarimg = ["/usr/bin/zbarimg", "/usr/local/bin/zbarimg"].first { FileManager.default.isExecutableFile(atPath: $0) }

    @Test func thePrintedCodeHasItsQuietZoneAndForcesBlackOnWhite() throws {
        let code = try #require(QRCode("http://127.0.0.1:8422/K7PQ4M"))
        let lines = code.halfBlocks(color: false).split(separator: "\n")
        #expect(lines.count == (code.size + 2 * QRCode.quietZone + 1) / 2)
        #expect(lines.allSatisfy { $0.count == code.size + 2 * QRCode.quietZone })
        #expect(lines.first!.allSatisfy { $0 == " " })
        #expect(code.halfBlocks(color: true).split(separator: "\n").allSatisfy { $0.hasPrefix("\u{1B}[30;107m") && $0.hasSuffix("\u{1B}[0m") })
    }

    @Test(.enabled(if: zbarimg != nil, "zbarimg is not installed (apt-get install zbar-tools); the scan check is skipped"))
    func thePrintedCodeScansAsTheJoinAddress() throws {
        let address = "http://127.0.0.1:40123/ACDEF3"
        let text = try #require(QRCode(address)).halfBlocks(color: false)
        // Each character is one module wide and two modules high.
        var rows: [[Bool]] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var top: [Bool] = [], bottom: [Bool] = []
            for character in line {
                top.append(character == "█" || character == "▀")
                bottom.append(character == "█" || character == "▄")
            }
            rows += [top, bottom]
        }
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("qr-\(UUID().uuidString).png").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try PNG.gray(rows: rows, scale: 6).write(to: URL(fileURLWithPath: path))
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.zbarimg!)
        process.arguments = ["--quiet", "--raw", path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        process.waitUntilExit()
        let decoded = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(decoded.trimmingCharacters(in: .whitespacesAndNewlines) == address)
    }
}

/// A minimal PNG writer: 8-bit grayscale, stored (uncompressed) deflate blocks.
enum PNG {
    static func gray(rows: [[Bool]], scale: Int) -> Data {
        let width = (rows.map(\.count).max() ?? 0) * scale
        var raw: [UInt8] = []
        for row in rows {
            var line: [UInt8] = [0]
            for dark in row { line += Array(repeating: dark ? 0 : 255, count: scale) }
            line += Array(repeating: 255, count: width + 1 - line.count)
            for _ in 0..<scale { raw += line }
        }
        var png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        png += chunk("IHDR", be32(width) + be32(rows.count * scale) + [8, 0, 0, 0, 0])
        png += chunk("IDAT", zlibStored(raw))
        png += chunk("IEND", [])
        return Data(png)
    }

    static func be32(_ value: Int) -> [UInt8] { [24, 16, 8, 0].map { UInt8((value >> $0) & 0xFF) } }

    static func chunk(_ type: String, _ data: [UInt8]) -> [UInt8] {
        let body = Array(type.utf8) + data
        return be32(data.count) + body + be32(Int(crc32(body)))
    }

    static func zlibStored(_ data: [UInt8]) -> [UInt8] {
        var out: [UInt8] = [0x78, 0x01]
        var offset = 0
        repeat {
            let size = min(65_535, data.count - offset)
            let last: UInt8 = offset + size >= data.count ? 1 : 0
            out += [last, UInt8(size & 0xFF), UInt8(size >> 8), UInt8(~size & 0xFF), UInt8((~size >> 8) & 0xFF)]
            out += data[offset..<(offset + size)]
            offset += size
        } while offset < data.count
        var a: UInt32 = 1, b: UInt32 = 0
        for byte in data {
            a = (a + UInt32(byte)) % 65_521
            b = (b + a) % 65_521
        }
        return out + be32(Int(b << 16 | a))
    }

    static func crc32(_ data: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in data {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return ~crc
    }
}
