import Foundation

/// A real SMTP server on loopback for the e-mail tests: aiosmtpd on `127.0.0.1` and a port
/// the kernel picked, writing each message it accepts to a JSON file in a temporary folder
/// before it answers `250`. With `users`, it offers `AUTH` (without TLS) and requires a login.
package final class SMTPServer: Sendable {
    /// One accepted message.
    package struct Message: Sendable, Equatable {
        /// The envelope sender (`MAIL FROM`).
        package var mailFrom: String
        /// The envelope recipients (`RCPT TO`).
        package var recipients: [String]
        /// The user who logged in, if any.
        package var login: String?
        /// The message as received, CRLF line ends and all.
        var content: String

        /// The headers, unfolded, by name as written.
        package var headers: [String: String] {
            let head = content.components(separatedBy: "\r\n\r\n").first ?? ""
            var headers: [String: String] = [:]
            var last: String?
            for line in head.components(separatedBy: "\r\n") {
                if line.first == " " || line.first == "\t", let last {
                    headers[last, default: ""] += " " + line.trimmingCharacters(in: .whitespaces)
                } else if let colon = line.firstIndex(of: ":") {
                    last = String(line[..<colon])
                    headers[last!] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
                }
            }
            return headers
        }

        /// The text after the headers as the wire carries it, CRLF line ends.
        package var wireBody: String {
            content.components(separatedBy: "\r\n\r\n").dropFirst().joined(separator: "\r\n\r\n")
        }

        /// The text after the headers as a mail reader shows it: quoted-printable decoded
        /// when the headers say so, with `\n` line ends.
        package var body: String {
            var wire = wireBody
            if headers["Content-Transfer-Encoding"]?.lowercased() == "quoted-printable" {
                wire = wire.replacingOccurrences(of: "=\r\n", with: "")
                var bytes: [UInt8] = []
                var rest = Substring(wire).utf8[...]
                while let byte = rest.first {
                    rest = rest.dropFirst()
                    if byte == UInt8(ascii: "="), rest.count >= 2,
                        let value = UInt8(String(decoding: rest.prefix(2), as: UTF8.self), radix: 16)
                    {
                        bytes.append(value)
                        rest = rest.dropFirst(2)
                    } else {
                        bytes.append(byte)
                    }
                }
                wire = String(decoding: bytes, as: UTF8.self)
            }
            return wire.replacingOccurrences(of: "\r\n", with: "\n")
        }
    }

    /// The port it listens on.
    package let port: Int
    /// Where the messages go.
    package let folder: URL
    private let process: ChildProcess
    private let reaper: ChildProcess

    /// Starts the server (`users`: logins and passwords it accepts; nil for no `AUTH`) and
    /// waits until it listens.
    package init(users: [String: String]? = nil) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "musicdiff-smtp-\(UUID().uuidString)"
        )
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let script = folder.appendingPathComponent("server.py")
        try Self.script.write(to: script, atomically: true, encoding: .utf8)
        let pids = folder.appendingPathComponent("pids")
        _ = FileManager.default.createFile(atPath: pids.path, contents: nil)
        reaper = try ChildProcess.reaper(parent: getpid(), pids: pids, folder: folder)
        let output = Pipe()
        let logFile = folder.appendingPathComponent("aiosmtpd.log")
        _ = FileManager.default.createFile(atPath: logFile.path, contents: nil)
        let log = try FileHandle(forWritingTo: logFile)
        defer { try? log.close() }
        let accounts = String(
            decoding: try JSONSerialization.data(withJSONObject: users ?? [:]),
            as: UTF8.self
        )
        process = try ChildProcess(
            "/usr/bin/python3",
            [script.path, folder.path, users == nil ? "" : accounts],
            output: output.fileHandleForWriting,
            errors: log,
            pids: pids
        )
        try? output.fileHandleForWriting.close()
        var reader = LineReader(output.fileHandleForReading)
        guard let line = reader.readLine(), let port = Int(line) else {
            process.kill()
            reaper.kill()
            let errors = (try? String(contentsOf: logFile, encoding: .utf8)) ?? ""
            try? FileManager.default.removeItem(at: folder)
            throw MockBusError(message: "aiosmtpd did not start: \(errors)")
        }
        self.port = port
    }

    deinit { stop() }

    /// The messages accepted so far, oldest first.
    package var messages: [Message] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasSuffix(".json") }.sorted().compactMap { name in
            guard let data = FileManager.default.contents(atPath: folder.appendingPathComponent(name).path),
                let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
            else { return nil }
            return Message(
                mailFrom: object["mail_from"] as? String ?? "",
                recipients: object["rcpt_tos"] as? [String] ?? [],
                login: object["login"] as? String,
                content: object["content"] as? String ?? ""
            )
        }
    }

    /// Ends the server and removes the folder. Idempotent.
    package func stop() {
        process.kill()
        reaper.kill()
        try? FileManager.default.removeItem(at: folder)
    }

    private static let script = """
        import asyncio, json, os, sys
        from aiosmtpd.smtp import SMTP, AuthResult
        folder, users = sys.argv[1], (json.loads(sys.argv[2]) if sys.argv[2] else None)
        class Handler:
            count = 0
            async def handle_DATA(self, server, session, envelope):
                Handler.count += 1
                login = session.login_data.decode() if isinstance(session.login_data, bytes) else None
                record = {"mail_from": envelope.mail_from, "rcpt_tos": envelope.rcpt_tos, "login": login,
                          "content": envelope.original_content.decode("utf-8", "replace")}
                path = os.path.join(folder, "%04d.json" % Handler.count)
                with open(path + ".tmp", "w") as file:
                    json.dump(record, file)
                os.rename(path + ".tmp", path)
                return "250 2.0.0 OK"
        def authenticator(server, session, envelope, mechanism, auth_data):
            known = users.get(auth_data.login.decode()) == auth_data.password.decode()
            return AuthResult(success=known, handled=False, auth_data=auth_data)
        async def main():
            loop = asyncio.get_running_loop()
            options = {"hostname": "localhost", "loop": loop}
            if users is not None:
                options.update(authenticator=authenticator, auth_required=True, auth_require_tls=False)
            server = await loop.create_server(lambda: SMTP(Handler(), **options), "127.0.0.1", 0)
            print(server.sockets[0].getsockname()[1], flush=True)
            await server.serve_forever()
        asyncio.run(main())
        """
}
