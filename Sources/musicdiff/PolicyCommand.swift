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
                "Check policies, by name or file: every error as FILE:LINE:COL: message, in line order, then a count; exit 1 on any.",
            discussion: """
                A path, or the name of a file that exists, is read as that file; anything \
                else is a policy's name, looked up as policy show looks it up: the user's \
                policies folder first, then the shipped policies. Each policy that parses is said ok on stdout; \
                a policy of the user's folder whose name: differs from its file's name draws \
                a warning.
                """
        )

        @Argument(
            help: "The policies to check: names (the user's, then the shipped ones) or YAML files.",
            completion: PolicyCompletion.kind
        )
        var policies: [String]

        func validate() throws {
            guard !policies.isEmpty else {
                throw ValidationError("name at least one policy (a file or a name) to check")
            }
        }

        func run() throws {
            let resolver = Environment().resolver
            var (errors, failed) = (0, 0)
            for file in policies {
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
