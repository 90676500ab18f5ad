import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The text of a file as spreadsheets save it: UTF-8 with or without a byte-order mark,
/// UTF-16 (Excel's "Unicode text") with or without one, or GB18030/GBK (Excel's default
/// CSV on Chinese Windows). Which one was found is said, so an admin knows what was read.
public struct DecodedText: Sendable, Equatable {
    public enum Encoding: String, Sendable, Encodable, CaseIterable {
        case utf8 = "UTF-8"
        case utf8WithBOM = "UTF-8 with byte-order mark"
        case utf16LittleEndian = "UTF-16LE"
        case utf16BigEndian = "UTF-16BE"
        case gb18030 = "GB18030"
    }

    public var text: String
    public var encoding: Encoding

    /// Decodes `data`, or says why it is no text of the encodings above.
    public init(_ data: Data, file: String) throws {
        let bytes = [UInt8](data)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]), let text = String(bytes: bytes.dropFirst(3), encoding: .utf8) {
            (self.text, encoding) = (text, .utf8WithBOM)
        } else if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
            let little = bytes[0] == 0xFF
            guard let text = String(bytes: bytes.dropFirst(2), encoding: little ? .utf16LittleEndian : .utf16BigEndian) else {
                throw PlatformError("encoding", "\(file) starts as UTF-16 but is not valid UTF-16 text", place: file)
            }
            (self.text, encoding) = (text, little ? .utf16LittleEndian : .utf16BigEndian)
        } else if let text = String(bytes: bytes, encoding: .utf8) {
            (self.text, encoding) = (text, .utf8)
        } else if let order = Self.utf16WithoutMark(bytes), let text = String(bytes: bytes, encoding: order) {
            (self.text, encoding) = (text, order == .utf16LittleEndian ? .utf16LittleEndian : .utf16BigEndian)
        } else if let text = Self.gb18030(bytes) {
            (self.text, encoding) = (text, .gb18030)
        } else {
            throw PlatformError("encoding", "\(file) is neither UTF-8, UTF-16 nor GB18030/GBK text; save it from the spreadsheet as \"CSV UTF-8\"",
                                place: file)
        }
    }

    /// UTF-16 without a byte-order mark: text whose ASCII characters leave a zero byte in
    /// every other position. Nil for anything else.
    private static func utf16WithoutMark(_ bytes: [UInt8]) -> String.Encoding? {
        guard bytes.count >= 2, bytes.count % 2 == 0 else { return nil }
        var zeros = (even: 0, odd: 0)
        for (index, byte) in bytes.enumerated() where byte == 0 {
            if index % 2 == 0 { zeros.even += 1 } else { zeros.odd += 1 }
        }
        let pairs = bytes.count / 2
        // A few characters of other scripts end in a zero byte too (U+4E00 一), so one side
        // need only dominate.
        if zeros.odd * 4 >= pairs, zeros.even * 8 <= zeros.odd { return .utf16LittleEndian }
        if zeros.even * 4 >= pairs, zeros.odd * 8 <= zeros.even { return .utf16BigEndian }
        return nil
    }

    /// GB18030 (a superset of GBK and GB2312) through the C library's iconv: Foundation on
    /// Linux has no GB18030 decoder, and iconv is part of every Debian system.
    private static func gb18030(_ bytes: [UInt8]) -> String? {
        let converter = iconv_open("UTF-8", "GB18030")
        guard converter != iconv_t(bitPattern: -1) else { return nil }
        defer { iconv_close(converter) }
        var input = bytes.map { CChar(bitPattern: $0) }
        var output = [CChar](repeating: 0, count: bytes.count * 4 + 4)
        var inputLeft = input.count
        var outputLeft = output.count
        let converted = input.withUnsafeMutableBufferPointer { inputBuffer in
            output.withUnsafeMutableBufferPointer { outputBuffer in
                var inputPointer = inputBuffer.baseAddress
                var outputPointer = outputBuffer.baseAddress
                return iconv(converter, &inputPointer, &inputLeft, &outputPointer, &outputLeft) != -1
            }
        }
        guard converted, inputLeft == 0 else { return nil }
        return String(decoding: output[0..<(output.count - outputLeft)].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
