import ArgumentParser
import Foundation
import SpecTensor

@main
struct Spec: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "spec",
        abstract: "A notebook-style environment for studying the frequency bias of GANs.",
        subcommands: [Demo.self],
        defaultSubcommand: Demo.self)
}
