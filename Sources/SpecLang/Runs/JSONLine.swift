import Foundation

/// One line of a run's JSON-lines logs (losses.jsonl, metrics.jsonl): numbers keep Float's shortest exact digits,
/// and NaN or infinities are written as null (JSON has no such numbers).
struct JSONLine: Encodable {
    enum Field: Encodable {
        case int(Int)
        case float(Float)
        case floats([Float])

        func encode(to encoder: Encoder) throws {
            var c = encoder.singleValueContainer()
            switch self {
            case .int(let n): try c.encode(n)
            case .float(let v): if v.isFinite { try c.encode(v) } else { try c.encodeNil() }
            case .floats(let vs): try c.encode(vs.map { Field.float($0) })
            }
        }
    }

    let fields: [String: Field]

    init(_ fields: [String: Field]) { self.fields = fields }

    func encode(to encoder: Encoder) throws { try fields.encode(to: encoder) }

    /// Compact JSON with sorted keys.
    var text: String {
        get throws {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            return String(decoding: try encoder.encode(self), as: UTF8.self)
        }
    }
}
