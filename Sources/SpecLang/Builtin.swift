import SpecSyntax

/// A builtin function: everything the interpreter, completion, `help` and docs/reference.md know about it.
public final class Builtin: @unchecked Sendable {
    public let name: String
    public let topic: Topic
    public let parameters: [Parameter]
    /// One line, shown in listings.
    public let summary: String
    /// Longer explanation, may be several paragraphs.
    public let help: String
    /// A line of spec code that uses it.
    public let example: String
    let body: (inout Arguments) throws -> Value

    public init(_ name: String, topic: Topic, _ parameters: [Parameter] = [], summary: String, help: String = "",
                example: String, body: @escaping (inout Arguments) throws -> Value) {
        self.name = name
        self.topic = topic
        self.parameters = parameters
        self.summary = summary
        self.help = help
        self.example = example
        self.body = body
    }

    /// `name(a, b: 1, …)` as shown in help and the reference.
    public var signature: String {
        "\(name)(" + parameters.map { p in
            let text = p.keywordOnly ? "\(p.name):" : p.name
            return p.defaultText.map { "\(text) = \($0)" } ?? text
        }.joined(separator: ", ") + ")"
    }

    public struct Parameter: Sendable {
        public let name: String
        public let type: ParameterType
        /// The default as shown to users; nil for a required parameter.
        public let defaultValue: Value?
        public let doc: String
        /// Must be passed by name (all parameters may be).
        public let keywordOnly: Bool
        /// Takes all remaining positional arguments as a list (`print(a, b, c)`).
        public let variadic: Bool
        /// The strings the parameter accepts, when it takes a string from a fixed set (a mode); checked when the call
        /// binds its arguments, and by `spec check` without running anything.
        public let choices: [String]?

        public init(_ name: String, _ type: ParameterType, default defaultValue: Value? = nil, keywordOnly: Bool = false,
                    variadic: Bool = false, choices: [String]? = nil, _ doc: String) {
            self.name = name
            self.type = type
            self.defaultValue = defaultValue
            self.doc = doc
            self.keywordOnly = keywordOnly
            self.variadic = variadic
            self.choices = choices
        }

        var defaultText: String? { defaultValue.map { Printer.literal($0) } }
    }

    /// Groups for `help()` and the reference.
    public enum Topic: String, CaseIterable, Sendable {
        case core = "Core", collections = "Lists, records and strings", math = "Tensors: creation", shape = "Tensors: shape", arithmetic = "Tensors: math",
             reduction = "Tensors: reductions", nn = "Tensors: convolution and resampling", autograd = "Autograd",
             spectrum = "Spectrum", layers = "Layers and models", gan = "GAN models and training", data = "Data sets and testbeds",
             media = "Images, plots and files"
    }
}

/// The value types parameters declare; checked before a builtin runs, named in errors and docs.
public enum ParameterType: String, Sendable {
    case any, number, integer, bool, string, list, record, tensor, function, shape, axes, object
    /// `tensor` also accepts numbers and (nested) lists of numbers.
    /// `shape` accepts a list of non-negative integers; `axes` an integer or a list of integers.
    public var description: String {
        switch self {
        case .tensor: "tensor"
        case .shape: "list of sizes"
        case .axes: "axis or list of axes"
        case .function: "function"
        default: rawValue
        }
    }
}
