import ArgumentParser
import Foundation
import MusicdiffCore
import MusicdiffDaemon

/// `musicdiff policy list | show P | check FILE...`.
struct PolicyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "policy",
        abstract: "List, show and check smart-sync policies.",
        subcommands: [List.self, Show.self, Check.self]
    )

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List shipped and user policies.")

        func run() throws {
            let resolver = Environment().resolver
            let listing = resolver.listing()
            let width = listing.map(\.name.count).max() ?? 0
            for entry in listing {
                let description =
                    (try? resolver.resolve(entry.name))?.policy.description
                    ?? "(does not parse: run policy check)"
                var origin = entry.origin.description
                if entry.shadowsShipped { origin += ", shadows the shipped one" }
                print(
                    "\(entry.name.padding(toLength: width, withPad: " ", startingAt: 0))  \(description)  [\(origin)]"
                )
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print a policy with every setting resolved, defaults included."
        )

        @Argument(help: "A policy name, or a path to a YAML file.")
        var policy: String

        func run() throws {
            let resolved = try Environment().resolver.resolve(policy)
            print("# \(resolved.policy.name), from \(resolved.origin)")
            print(resolved.policy.yaml, terminator: "")
        }
    }

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Validate policy files; exit 1 with FILE:LINE:COL: message on the first error in each."
        )

        @Argument(help: "The YAML files to check.")
        var files: [String]

        func validate() throws {
            guard !files.isEmpty else { throw ValidationError("name at least one policy file to check") }
        }

        func run() throws {
            let resolver = Environment().resolver
            var failures = 0
            for file in files {
                do {
                    let resolved = try resolver.load(path: file)
                    print("\(file): ok (policy \(resolved.policy.name))")
                } catch {
                    failures += 1
                    FileHandle.standardError.write(Data("\(error.description)\n".utf8))
                }
            }
            if failures > 0 { throw ExitCode(1) }
        }
    }
}
