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
        static let configuration = CommandConfiguration(
            commandName: "list",
            abstract: "List shipped and user policies."
        )

        func run() throws {
            let resolver = Environment().resolver
            let listing = resolver.listing()
            let width = listing.map(\.name.count).max() ?? 0
            for entry in listing {
                let resolved = try? resolver.resolve(entry.name)
                let description =
                    resolved.map { $0.policy.description ?? "(no description)" }
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
            commandName: "show",
            abstract: "Print a policy with every setting resolved, defaults included."
        )

        @Argument(help: "A policy name, or a path to a YAML file.", completion: PolicyCompletion.kind)
        var policy: String

        func run() throws {
            let resolved = try Environment().resolver.resolve(policy)
            print("# \(resolved.policy.name), from \(resolved.origin)")
            print(resolved.policy.yaml, terminator: "")
        }
    }

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "check",
            abstract:
                "Validate policy files: every error as FILE:LINE:COL: message, in line order, then a count; exit 1 on any."
        )

        @Argument(
            help: "The policies to check: YAML files, or names (the user's, then the shipped ones).",
            completion: PolicyCompletion.kind
        )
        var files: [String]

        func validate() throws {
            guard !files.isEmpty else {
                throw ValidationError("name at least one policy (a file or a name) to check")
            }
        }

        func run() throws {
            let resolver = Environment().resolver
            var (errors, failed) = (0, 0)
            for file in files {
                let (resolved, problems) = resolver.check(reference: file)
                if let resolved {
                    let origin = resolved.origin == .shipped ? ", shipped" : ""
                    print("\(file): ok (policy \(resolved.policy.name)\(origin))")
                    if let warning = resolver.nameWarning(resolved) {
                        FileHandle.standardError.write(Data("\(warning)\n".utf8))
                    }
                }
                for problem in problems {
                    FileHandle.standardError.write(Data("\(problem.description)\n".utf8))
                }
                errors += problems.count
                failed += problems.isEmpty ? 0 : 1
            }
            guard errors > 0 else { return }
            FileHandle.standardError.write(
                Data("\(counted(errors, "error")) in \(counted(failed, "file"))\n".utf8)
            )
            throw ExitCode(1)
        }
    }
}
