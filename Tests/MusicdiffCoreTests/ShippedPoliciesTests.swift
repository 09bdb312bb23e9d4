import Foundation
import Testing

@testable import MusicdiffCore

@Suite struct ShippedPoliciesTests {
    /// The repository's `policies/` folder.
    static let folder = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("policies").path

    static var files: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter {
            $0.hasSuffix(".yaml")
        }.sorted()
    }

    @Test func theBuiltInCopiesAreExactlyThePoliciesFolder() throws {
        #expect(ShippedPolicies.names == Self.files.map { String($0.dropLast(5)) })
        for file in Self.files {
            let onDisk = try String(contentsOfFile: Self.folder + "/" + file, encoding: .utf8)
            let name = String(file.dropLast(5))
            #expect(
                ShippedPolicies.text(named: name) == onDisk,
                "policies/\(file) differs from the built-in copy: run scripts/embed-policies"
            )
        }
    }

    @Test func theDesignsFiveAreShipped() {
        #expect(ShippedPolicies.names == ["conservative", "default", "desktop", "laptop", "server"])
    }

    @Test(arguments: ShippedPolicies.names)
    func eachParsesIsNamedAfterItsFileAndSaysWhoItIsFor(name: String) throws {
        let text = try #require(ShippedPolicies.text(named: name))
        let policy = try PolicyParser.parse(text, file: name + ".yaml", defaultName: name)
        #expect(policy.name == name)
        #expect(policy.description != nil)
        #expect(
            text.hasPrefix("# \(name): for ") || text.hasPrefix("# \(name): the "),
            "a comment says who it is for"
        )
    }

    @Test func defaultIsTheOriginalSmartDaemon() {
        let policy = ShippedPolicies.policy(named: "default")!
        #expect(policy.minGap == .seconds(6 * 3600))
        #expect(policy.idle != nil)
        #expect(policy.network?.require == .unmetered)
    }

    @Test func serverChecksLoadOnly() {
        let policy = ShippedPolicies.policy(named: "server")!
        #expect(policy.load != nil)
        #expect(policy.minGap == nil && policy.idle == nil && policy.network == nil && policy.battery == nil)
    }
}
