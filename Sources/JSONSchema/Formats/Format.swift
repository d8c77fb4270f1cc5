/// A `format` this validator asserts. Formats not listed here are annotations and always pass.
enum Format: String, Sendable, CaseIterable {
    case dateTime = "date-time"
    case date
    case time
    case email
    case idnEmail = "idn-email"
    case hostname
    case idnHostname = "idn-hostname"
    case ipv4
    case ipv6
    case uri
    case uriReference = "uri-reference"
    case iri
    case iriReference = "iri-reference"
    case uriTemplate = "uri-template"
    case jsonPointer = "json-pointer"
    case relativeJSONPointer = "relative-json-pointer"
    case regex
    case duration
    case uuid

    /// Whether `string` is valid for this format.
    func isValid(_ string: String) -> Bool {
        switch self {
        case .dateTime: return DateTimeFormat.isDateTime(string)
        case .date: return DateTimeFormat.isDate(string)
        case .time: return DateTimeFormat.isTime(string)
        case .email: return EmailFormat.isValid(string, international: false)
        case .idnEmail: return EmailFormat.isValid(string, international: true)
        case .hostname: return HostnameFormat.isHostname(string)
        case .idnHostname: return HostnameFormat.isIDNHostname(string)
        case .ipv4: return IPAddressFormat.isIPv4(string)
        case .ipv6: return IPAddressFormat.isIPv6(string)
        case .uri: return URISyntax.isValid(string, allowRelative: false, international: false)
        case .uriReference: return URISyntax.isValid(string, allowRelative: true, international: false)
        case .iri: return URISyntax.isValid(string, allowRelative: false, international: true)
        case .iriReference: return URISyntax.isValid(string, allowRelative: true, international: true)
        case .uriTemplate: return URITemplateFormat.isValid(string)
        case .jsonPointer: return JSONPointerFormat.isPointer(string)
        case .relativeJSONPointer: return JSONPointerFormat.isRelativePointer(string)
        case .regex: return ECMARegex.isValidSyntax(string)
        case .duration: return DurationFormat.isDuration(string)
        case .uuid: return DurationFormat.isUUID(string)
        }
    }
}
