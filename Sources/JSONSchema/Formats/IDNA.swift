/// The IDNA2008 rules for U-labels (RFC 5891 §5.4, RFC 5892 with its contextual rules, RFC 5893 Bidi).
///
/// Swift exposes general categories, combining classes and case-folding stability but not scripts,
/// joining types or Bidi classes, so those come from block ranges here: close enough for host names.
enum IDNA {
    private static let pvalidExceptions: Set<UInt32> = [0x00DF, 0x03C2, 0x06FD, 0x06FE, 0x0F0B, 0x3007]
    private static let disallowedExceptions: Set<UInt32> = [
        0x0640, 0x07FA, 0x302E, 0x302F, 0x3031, 0x3032, 0x3033, 0x3034, 0x3035, 0x303B,
    ]

    static func isValidULabel(_ label: [Unicode.Scalar]) -> Bool {
        guard let first = label.first, first != "-", label.last != "-" else { return false }
        if label.count >= 4, label[2] == "-", label[3] == "-" { return false }
        if isMark(first) { return false }
        for (index, scalar) in label.enumerated() {
            guard isAllowed(scalar, at: index, in: label) else { return false }
        }
        return true
    }

    private static func isAllowed(_ scalar: Unicode.Scalar, at index: Int, in label: [Unicode.Scalar]) -> Bool {
        let value = scalar.value
        if pvalidExceptions.contains(value) { return true }
        if disallowedExceptions.contains(value) { return false }
        let previous = index > 0 ? label[index - 1] : nil
        let next = index + 1 < label.count ? label[index + 1] : nil
        switch value {
        case 0x200C:
            return previous.map(isVirama) == true || zeroWidthNonJoinerJoins(at: index, in: label)
        case 0x200D:
            return previous.map(isVirama) == true
        case 0x00B7:
            return previous == "l" && next == "l"
        case 0x0375:
            return next.map(isGreek) == true
        case 0x05F3, 0x05F4:
            return previous.map(isHebrew) == true
        case 0x30FB:
            return label.contains { $0.value != 0x30FB && isHiraganaKatakanaOrHan($0) }
        case 0x0660...0x0669:
            return !label.contains { (0x06F0...0x06F9).contains($0.value) }
        case 0x06F0...0x06F9:
            return !label.contains { (0x0660...0x0669).contains($0.value) }
        default:
            break
        }
        if scalar.isASCII {
            return (scalar >= "a" && scalar <= "z") || (scalar >= "0" && scalar <= "9") || scalar == "-"
        }
        let properties = scalar.properties
        if properties.changesWhenNFKCCaseFolded || properties.isDefaultIgnorableCodePoint { return false }
        if (0x1100...0x11FF).contains(value) || (0xA960...0xA97F).contains(value) || (0xD7B0...0xD7FF).contains(value) {
            return false
        }
        switch properties.generalCategory {
        case .lowercaseLetter, .uppercaseLetter, .otherLetter, .modifierLetter, .nonspacingMark, .spacingMark,
            .decimalNumber:
            return true
        default:
            return false
        }
    }

    private static func isMark(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark: return true
        default: return false
        }
    }

    private static func isVirama(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.canonicalCombiningClass.rawValue == 9
    }

    private static func isGreek(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if (0x0370...0x03FF).contains(value) {
            return ![0x0374, 0x0375, 0x037E, 0x0385, 0x0387].contains(value) && !(0x03E2...0x03EF).contains(value)
        }
        return (0x1F00...0x1FFF).contains(value) || (0x10140...0x1018F).contains(value)
    }

    private static func isHebrew(_ scalar: Unicode.Scalar) -> Bool {
        (0x0591...0x05F4).contains(scalar.value) || (0xFB1D...0xFB4F).contains(scalar.value)
    }

    private static func isHiraganaKatakanaOrHan(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        let ranges: [ClosedRange<UInt32>] = [
            0x3041...0x309F, 0x30A0...0x30FF, 0x31F0...0x31FF, 0xFF66...0xFF9D, 0x2E80...0x2FDF, 0x3005...0x3007,
            0x3021...0x3029, 0x3038...0x303B, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xF900...0xFAFF, 0x20000...0x3FFFF,
        ]
        return ranges.contains { $0.contains(value) }
    }

    // MARK: - Joining types (for ZERO WIDTH NON-JOINER)

    private enum JoiningType {
        case dual, right, left, transparent, nonJoining
    }

    /// Right-joining letters of the Arabic block; the block's other letters join on both sides.
    private static let rightJoiningArabic: Set<UInt32> = [
        0x0622, 0x0623, 0x0624, 0x0625, 0x0627, 0x0629, 0x062F, 0x0630, 0x0631, 0x0632, 0x0648, 0x0671, 0x0672,
        0x0673, 0x0675, 0x0676, 0x0677, 0x06C0, 0x06C3, 0x06C4, 0x06C5, 0x06C6, 0x06C7, 0x06C8, 0x06C9, 0x06CA,
        0x06CB, 0x06CD, 0x06CF, 0x06D2, 0x06D3, 0x06D5, 0x06EE, 0x06EF,
    ]

    private static func joiningType(_ scalar: Unicode.Scalar) -> JoiningType {
        let value = scalar.value
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return .transparent
        default: break
        }
        let isJoiningScript =
            (0x0620...0x06FF).contains(value) || (0x0710...0x074F).contains(value) || (0x0750...0x077F).contains(value)
            || (0x07CA...0x07EA).contains(value) || (0x08A0...0x08FF).contains(value)
        guard isJoiningScript, scalar.properties.generalCategory == .otherLetter else { return .nonJoining }
        if value == 0x0621 { return .nonJoining }
        if rightJoiningArabic.contains(value) || (0x0688...0x0699).contains(value) { return .right }
        return .dual
    }

    /// RFC 5892 A.1: `(L|D) T* ZWNJ T* (R|D)`.
    private static func zeroWidthNonJoinerJoins(at index: Int, in label: [Unicode.Scalar]) -> Bool {
        var before = index - 1
        while before >= 0, joiningType(label[before]) == .transparent { before -= 1 }
        guard before >= 0, [.left, .dual].contains(joiningType(label[before])) else { return false }
        var after = index + 1
        while after < label.count, joiningType(label[after]) == .transparent { after += 1 }
        guard after < label.count else { return false }
        return [.right, .dual].contains(joiningType(label[after]))
    }

    // MARK: - Bidi rule (RFC 5893)

    private enum BidiClass {
        case l, r, al, an, en, es, cs, et, on, bn, nsm
    }

    private static func bidiClass(_ scalar: Unicode.Scalar) -> BidiClass {
        let value = scalar.value
        switch value {
        case 0x30...0x39, 0x06F0...0x06F9: return .en
        case 0x0660...0x0669, 0x066B, 0x066C, 0x0600...0x0605, 0x06DD: return .an
        case 0x2D: return .es
        default: break
        }
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark: return .nsm
        default: break
        }
        if (0x0590...0x05FF).contains(value) || (0x07C0...0x085F).contains(value) || (0xFB1D...0xFB4F).contains(value)
            || (0x10800...0x10FFF).contains(value) || (0x1E800...0x1EDFF).contains(value)
        {
            return .r
        }
        if (0x0600...0x07BF).contains(value) || (0x0860...0x08FF).contains(value) || (0xFB50...0xFDFF).contains(value)
            || (0xFE70...0xFEFF).contains(value) || (0x1EE00...0x1EEFF).contains(value)
        {
            return .al
        }
        switch scalar.properties.generalCategory {
        case .lowercaseLetter, .uppercaseLetter, .otherLetter, .modifierLetter, .titlecaseLetter, .spacingMark,
            .decimalNumber, .letterNumber:
            return .l
        default:
            return .on
        }
    }

    /// Whether the labels satisfy the Bidi rule; it applies only when some label is right-to-left.
    static func satisfiesBidiRule(_ labels: [[Unicode.Scalar]]) -> Bool {
        let classes = labels.map { $0.map(bidiClass) }
        guard classes.contains(where: { $0.contains { $0 == .r || $0 == .al || $0 == .an } }) else { return true }
        return classes.allSatisfy(isBidiLabel)
    }

    private static func isBidiLabel(_ classes: [BidiClass]) -> Bool {
        guard let first = classes.first else { return false }
        let trimmed = classes.reversed().drop { $0 == .nsm }
        guard let last = trimmed.first else { return false }
        switch first {
        case .r, .al:
            let allowed: Set<BidiClass> = [.r, .al, .an, .en, .es, .cs, .et, .on, .bn, .nsm]
            guard classes.allSatisfy(allowed.contains), [.r, .al, .en, .an].contains(last) else { return false }
            return !(classes.contains(.en) && classes.contains(.an))
        case .l:
            let allowed: Set<BidiClass> = [.l, .en, .es, .cs, .et, .on, .bn, .nsm]
            return classes.allSatisfy(allowed.contains) && (last == .l || last == .en)
        default:
            return false
        }
    }
}
