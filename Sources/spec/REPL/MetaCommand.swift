import Foundation
import SpecSyntax

/// The REPL's own commands, written `:name [argument]`; a unique prefix of a name works (`:q`).
enum MetaCommand: Equatable {
    case help, vars, reset, quit
    /// `:time expr`: runs the entry and reports how long it took.
    case time(String)
    /// `:load file`: runs a file into the session, cell by cell, and makes it the session's notebook.
    case load(String)
    /// `:cells`: the notebook's cells, with which ones changed since they ran.
    case cells
    /// `:cell N` or `:cell title`: runs one cell of the notebook from the file's current text.
    case cell(String)
    /// `:rerun`: runs the cells from the first one that changed (or failed, or never ran) to the end.
    case rerun

    static let names = ["help", "vars", "time", "load", "cells", "cell", "rerun", "reset", "quit"]

    /// Whether `line` is a meta-command rather than code (no spec statement starts with a colon).
    static func isMetaCommand(_ line: String) -> Bool {
        line.drop { $0 == " " || $0 == "\t" }.hasPrefix(":")
    }

    /// Parses `:name argument`.
    static func parse(_ line: String) -> Result<MetaCommand, SpecError> {
        var text = Substring(line.trimmingCharacters(in: .whitespaces))
        if text.hasPrefix(":") { text = text.dropFirst() }
        let word = String(text.prefix { !$0.isWhitespace })
        let argument = text.dropFirst(word.count).trimmingCharacters(in: .whitespaces)
        guard let name = name(matching: word) else {
            let matches = names.filter { $0.hasPrefix(word) }
            let guess = SpecError.Note.didYouMean(word, among: names)
            let notes = (guess.map { [$0] } ?? []) + [SpecError.Note("commands: " + names.map { ":" + $0 }.joined(separator: ", "))]
            let message = word.isEmpty ? "a command name must follow ':'" :
                matches.count > 1 ? "':\(word)' is ambiguous" : "unknown command ':\(word)'"
            return .failure(SpecError(.name, message, notes: notes))
        }
        switch name {
        case "time", "load", "cell":
            guard !argument.isEmpty else {
                let usage = ["time": ":time takes an expression, e.g. :time sum(randn([1000, 1000]))",
                             "load": ":load takes a file, e.g. :load experiments/toy.spec",
                             "cell": ":cell takes a cell's number or the start of its title, e.g. :cell 2 (:cells lists them)"]
                return .failure(SpecError(.value, usage[name] ?? ""))
            }
            switch name {
            case "time": return .success(.time(argument))
            case "load": return .success(.load(unquoted(argument)))
            default: return .success(.cell(unquoted(argument)))
            }
        case "cells": return .success(.cells)
        case "rerun": return .success(.rerun)
        case "help": return .success(.help)
        case "vars": return .success(.vars)
        case "reset": return .success(.reset)
        default: return .success(.quit)
        }
    }

    /// The command that `word` names or abbreviates uniquely (`:cell` is a prefix of `:cells`, so a full name wins).
    static func name(matching word: String) -> String? {
        if names.contains(word) { return word }
        let matches = names.filter { $0.hasPrefix(word) }
        return !word.isEmpty && matches.count == 1 ? matches.first : nil
    }

    private static func unquoted(_ s: String) -> String {
        s.count >= 2 && s.hasPrefix("\"") && s.hasSuffix("\"") ? String(s.dropFirst().dropLast()) : s
    }
}
