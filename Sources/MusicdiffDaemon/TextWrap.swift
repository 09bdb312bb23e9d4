/// Lines cut to a width at word boundaries, each continuation under a column of the line.
///
/// A parenthesised phrase is kept whole when it fits the width left after the column, so a
/// line never breaks inside `(on_unknown: pass)`; one that cannot fit is cut between its
/// words, and a word longer than the whole width between its characters. The spaces between
/// words on one line are kept as written (columns stay aligned); those at a break are dropped.
enum TextWrap {
    /// A word and the spaces before it.
    typealias Piece = (gap: String, word: String)

    /// `line` in lines of at most `width` characters, the continuations indented by `indent`.
    static func wrap(_ line: String, width: Int, indent: Int) -> [String] {
        guard line.count > width, width > 0 else { return [line] }
        let margin = String(repeating: " ", count: min(max(indent, 0), width / 2))
        var lines: [String] = []
        var current = ""
        for (gap, word) in pieces(line, room: width - margin.count) {
            if !current.isEmpty, current.count + gap.count + word.count <= width {
                current += gap + word
                continue
            }
            if current.isEmpty {
                current = gap + word
            } else {
                lines.append(current)
                current = margin + word
            }
            while current.count > width {
                lines.append(String(current.prefix(width)))
                current = margin + current.dropFirst(width)
            }
        }
        if current.contains(where: { $0 != " " }) { lines.append(current) }
        return lines
    }

    /// The column a line's continuations go under: after its first run of two or more spaces
    /// (the next column: `✗ battery  on battery, 23%`, `  00:41:05  skipped: idle`), else after
    /// its first `: ` (`next check: 14:05 ...`), else two past its own indent; never past
    /// half of `width`. A line indented deeper than two (already under a column) stays under
    /// its own start.
    static func column(of line: String, width: Int) -> Int {
        let characters = Array(line)
        let lead = characters.prefix { $0 == " " }.count
        if lead > 2 { return lead }
        var index = lead
        while index + 1 < characters.count {
            if characters[index] == " ", characters[index + 1] == " " {
                var end = index
                while end < characters.count, characters[end] == " " { end += 1 }
                if end <= width / 2 { return end }
                break
            }
            index += 1
        }
        if let colon = line.range(of: ": ") {
            let end = line.distance(from: line.startIndex, to: colon.upperBound)
            if end <= width / 2 { return end }
        }
        return lead + 2
    }

    /// The words of `line`, each with the spaces before it; a parenthesised phrase that fits
    /// in `room` is one word.
    static func pieces(_ line: String, room: Int) -> [Piece] {
        var result: [Piece] = []
        var group: [Piece] = []
        var (gap, word) = ("", "")
        var depth = 0
        func endWord() {
            guard !word.isEmpty else { return }
            if depth > 0 { group.append((gap, word)) } else { result.append((gap, word)) }
            (gap, word) = ("", "")
        }
        for character in line {
            if character == " " {
                endWord()
                gap.append(character)
                continue
            }
            if character == "(" { depth += 1 }
            word.append(character)
            guard character == ")", depth > 0 else { continue }
            if depth == 1 {
                endWord()
                let phrase = group.dropFirst().reduce(group.first?.word ?? "") { $0 + $1.gap + $1.word }
                result += phrase.count <= room ? [(group.first?.gap ?? "", phrase)] : group
                group = []
            }
            depth -= 1
        }
        endWord()
        return result + group  // an unclosed parenthesis: its words as they come
    }
}
