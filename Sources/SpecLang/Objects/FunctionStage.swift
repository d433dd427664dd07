import SpecGAN
import SpecTensor

/// A function or builtin used as a parameter-free stage of `sequential([…])`: `sequential([linear(2, 8), relu,
/// linear(8, 1)])`.
final class FunctionStage: Module {
    let function: Value
    private weak var interpreter: Interpreter?

    init(_ function: Value, interpreter: Interpreter) {
        self.function = function
        self.interpreter = interpreter
    }

    override var summary: String {
        switch function {
        case .builtin(let b): return b.name
        case .function(let f): return "fn \(f.name)(\(f.parameterNames.joined(separator: ", ")))"
        default: return Printer.describeType(function)
        }
    }

    override func copy() throws -> Module {
        guard let interpreter else { throw GANError.invalidInput("the session that defined this stage has ended") }
        return FunctionStage(function, interpreter: interpreter)
    }

    override func forward(_ x: Tensor) throws -> Tensor {
        guard let interpreter else { throw GANError.invalidInput("the session that defined this stage has ended") }
        let result = try interpreter.call(function, arguments: [.tensor(x)], at: nil)
        guard case .tensor(let t) = result.resolvingParameters else {
            throw located("\(summary) returned \(Printer.describeType(result)), not a tensor")
        }
        return t
    }
}
