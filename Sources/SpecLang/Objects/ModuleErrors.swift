import SpecGAN
import SpecMedia
import SpecSyntax
import SpecTensor

extension RawRepresentable where Self: CaseIterable, RawValue == String {
    /// The names a mode parameter accepts: the enum's raw values, which are the only place they are written.
    static var names: [String] { allCases.map(\.rawValue) }
}

extension Arguments {
    /// A mode argument (upsampling, downsampling, padding, …) of a parameter declared with `choices: Mode.names`.
    public func mode<Mode: RawRepresentable & CaseIterable>(_ name: String, _ type: Mode.Type) throws -> Mode where Mode.RawValue == String {
        let choice = try choice(name)
        guard let mode = Mode(rawValue: choice) else { throw error(name, "unknown \(name) '\(choice)'") }
        return mode
    }

    /// Runs work of the lower modules and reports their errors (bad configurations, shapes, files) as errors of
    /// this builtin at its call. `argument` names the argument the error concerns, if one does.
    public func checked<T>(_ argument: String? = nil, _ body: () throws -> T) throws -> T {
        do { return try body() } catch let e as GANError {
            throw error(argument ?? "", e.description, kind: kind(of: e))
        } catch let e as MediaError {
            throw error(argument ?? "", e.description, kind: .io)
        } catch let e as TensorError {
            throw error(argument ?? "", e.description)
        } catch let e as RunError {
            switch e {
            case .setup: throw error(argument ?? "", e.description)
            case .folder, .write: throw error(argument ?? "", e.description, kind: .io)
            }
        }
    }

    private func kind(of e: GANError) -> SpecError.Kind {
        switch e {
        case .io, .invalidCheckpoint, .missingWeight: return .io
        case .invalidConfiguration, .invalidInput, .weightShapeMismatch: return .value
        }
    }
}
