import StructuredData

/// Splits expression text into tokens.
struct Lexer {
    enum Token: Sendable, Hashable {
        case identifier(String)
        case number(JSONValue)
        case string(String)
        case symbol(String)
        case end
    }

    private let scalars: [Unicode.Scalar]
    private var position = 0
    private let source: String

    init(_ source: String) {
        self.source = source
        self.scalars = Array(source.unicodeScalars)
    }

    static func isIdentifierStart(_ character: Character) -> Bool {
        character == "_" || (character.isASCII && character.isLetter)
    }

    static func isIdentifierCharacter(_ character: Character) -> Bool {
        character == "_" || character == "-" || (character.isASCII && (character.isLetter || character.isNumber))
    }

    private static let symbols = [
        "==", "!=", "<=", ">=", "&&", "||", "??", "<", ">", "!", ".", "[", "]", "(", ")", ",",
    ]

    mutating func tokenize() throws(ExpressionError) -> [Token] {
        var tokens: [Token] = []
        while true {
            let token = try next()
            tokens.append(token)
            if token == .end { return tokens }
        }
    }

    private func error(_ message: String) -> ExpressionError {
        ExpressionError(code: .syntax, expression: source, message: message)
    }

    private mutating func next() throws(ExpressionError) -> Token {
        while position < scalars.count, scalars[position].properties.isWhitespace { position += 1 }
        guard position < scalars.count else { return .end }
        let scalar = scalars[position]
        let character = Character(scalar)
        if character == "'" || character == "\"" { return try string(quote: scalar) }
        if character.isASCII && character.isNumber { return try number() }
        if character == "-", position + 1 < scalars.count, Character(scalars[position + 1]).isNumber {
            return try number()
        }
        if Self.isIdentifierStart(character) {
            let start = position
            while position < scalars.count, Self.isIdentifierCharacter(Character(scalars[position])) { position += 1 }
            return .identifier(text(start, position))
        }
        for symbol in Self.symbols {
            let symbolScalars = Array(symbol.unicodeScalars)
            if position + symbolScalars.count <= scalars.count,
                Array(scalars[position..<position + symbolScalars.count]) == symbolScalars
            {
                position += symbolScalars.count
                return .symbol(symbol)
            }
        }
        if character == "=" { throw error("\"=\" is not an operator; use \"==\" to compare") }
        if character == "&" || character == "|" { throw error("use \"&&\" and \"||\" for boolean logic") }
        throw error("unexpected character \"\(character)\" at offset \(position)")
    }

    private func text(_ start: Int, _ end: Int) -> String {
        var result = ""
        result.unicodeScalars.append(contentsOf: scalars[start..<end])
        return result
    }

    private mutating func string(quote: Unicode.Scalar) throws(ExpressionError) -> Token {
        position += 1
        var result = ""
        while position < scalars.count {
            let scalar = scalars[position]
            if scalar == quote {
                position += 1
                return .string(result)
            }
            if scalar == "\\", position + 1 < scalars.count {
                let escaped = scalars[position + 1]
                switch escaped {
                case "n": result += "\n"
                case "t": result += "\t"
                case "r": result += "\r"
                case "\\", "'", "\"": result.unicodeScalars.append(escaped)
                default: throw error("unknown escape \"\\\(escaped)\" in a string literal")
                }
                position += 2
                continue
            }
            result.unicodeScalars.append(scalar)
            position += 1
        }
        throw error("string literal is not closed")
    }

    private mutating func number() throws(ExpressionError) -> Token {
        let start = position
        if scalars[position] == "-" { position += 1 }
        var isInteger = true
        func digits(_ lexer: inout Lexer) {
            while lexer.position < lexer.scalars.count, Character(lexer.scalars[lexer.position]).isNumber,
                lexer.scalars[lexer.position].isASCII
            {
                lexer.position += 1
            }
        }
        digits(&self)
        if position < scalars.count, scalars[position] == ".", position + 1 < scalars.count,
            Character(scalars[position + 1]).isNumber
        {
            isInteger = false
            position += 1
            digits(&self)
        }
        if position < scalars.count, scalars[position] == "e" || scalars[position] == "E" {
            isInteger = false
            position += 1
            if position < scalars.count, scalars[position] == "+" || scalars[position] == "-" { position += 1 }
            digits(&self)
        }
        let literal = text(start, position)
        if position < scalars.count, Self.isIdentifierStart(Character(scalars[position])) {
            throw error("invalid number \"\(literal)\(Character(scalars[position]))\"")
        }
        if isInteger, let integer = Int(literal) { return .number(.integer(integer)) }
        guard let double = Double(literal), double.isFinite else { throw error("invalid number \"\(literal)\"") }
        return .number(.number(double))
    }
}
