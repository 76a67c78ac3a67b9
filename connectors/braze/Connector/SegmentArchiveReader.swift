import Foundation
import ZIPFoundation

/// Reads one page of lines out of a Braze segment export ZIP on disk, decompressing one `.txt` entry as a stream
/// (ZIPFoundation, zlib) and stopping as soon as the page is full: memory holds one page, never a whole file.
///
/// Entries are the archive's `.txt` files sorted by name (Braze writes about one per 5,000 users); lines are split
/// on `\n`, empty lines are counted but not returned.
struct SegmentArchiveReader {
    /// One line of the page: its 0-based number in the entry and its bytes (`nil` when it exceeded the limit).
    struct Line {
        var number: Int
        var bytes: [UInt8]?
    }

    /// A page read from one entry.
    struct Chunk {
        /// Non-empty lines, at most the requested limit.
        var lines: [Line]
        /// The `.txt` entries in the archive.
        var fileCount: Int
        /// The entry's name (for rejection reasons), `nil` when `file` is past the last entry.
        var fileName: String?
        /// Whether the entry has no line after the returned ones.
        var endOfFile: Bool
        /// The line to resume at when `endOfFile` is `false`.
        var nextLine: Int
    }

    private struct PageFull: Error {}

    let url: URL
    /// The longest line kept, bytes; a longer one is returned with `bytes == nil`.
    let maxLineBytes: Int

    /// Up to `limit` non-empty lines of entry `file`, starting at line `fromLine`.
    /// - Throws: ZIPFoundation's errors for an unreadable archive or entry (a corrupt download).
    func read(file: Int, fromLine: Int, limit: Int) throws -> Chunk {
        let archive = try Archive(url: url, accessMode: .read)
        let entries = archive.filter { $0.type == .file && $0.path.hasSuffix(".txt") }.sorted { $0.path < $1.path }
        guard file < entries.count else {
            return Chunk(lines: [], fileCount: entries.count, fileName: nil, endOfFile: true, nextLine: 0)
        }
        var splitter = LineSplitter(fromLine: fromLine, limit: max(1, limit), maxLineBytes: maxLineBytes)
        do {
            _ = try archive.extract(entries[file], bufferSize: 64 * 1024, skipCRC32: false) { data in
                try splitter.consume(data)
            }
            try splitter.finish()
        } catch is PageFull {}
        return Chunk(
            lines: splitter.lines, fileCount: entries.count, fileName: entries[file].path,
            endOfFile: !splitter.full, nextLine: splitter.lineNumber)
    }

    /// Splits decompressed bytes into lines, keeping only those of the page.
    private struct LineSplitter {
        let fromLine: Int
        let limit: Int
        let maxLineBytes: Int
        var lines: [Line] = []
        /// The number of the line being read.
        var lineNumber = 0
        /// Whether a line after a full page was seen (then `lineNumber` is that line).
        var full = false
        private var current: [UInt8] = []
        private var tooLong = false

        init(fromLine: Int, limit: Int, maxLineBytes: Int) {
            self.fromLine = fromLine
            self.limit = limit
            self.maxLineBytes = maxLineBytes
        }

        mutating func consume(_ data: Data) throws {
            var start = data.startIndex
            while start < data.endIndex {
                if let newline = data[start...].firstIndex(of: 0x0A) {
                    try append(data[start..<newline])
                    try endLine()
                    start = data.index(after: newline)
                } else {
                    try append(data[start...])
                    start = data.endIndex
                }
            }
        }

        mutating func finish() throws {
            if !current.isEmpty || tooLong { try endLine() }
        }

        private mutating func append(_ bytes: Data) throws {
            guard lineNumber >= fromLine, !bytes.isEmpty else { return }
            if lines.count == limit {
                full = true
                throw PageFull()
            }
            guard !tooLong else { return }
            if current.count + bytes.count > maxLineBytes {
                tooLong = true
                current = []
            } else {
                current.append(contentsOf: bytes)
            }
        }

        private mutating func endLine() throws {
            if lineNumber >= fromLine, !current.isEmpty || tooLong {
                lines.append(Line(number: lineNumber, bytes: tooLong ? nil : current))
            }
            current.removeAll(keepingCapacity: true)
            tooLong = false
            lineNumber += 1
        }
    }
}
