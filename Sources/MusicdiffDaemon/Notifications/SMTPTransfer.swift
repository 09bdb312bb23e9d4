import CCurl
import Foundation

/// One SMTP submission through libcurl's easy interface: every libcurl call of the project is
/// in this file. ``perform(stop:)`` blocks; run it off the cooperative pool (``runBlocking``).
struct SMTPTransfer: Sendable {
    /// How the connection is protected.
    enum Security: Sendable, Equatable {
        /// TLS from the first byte (`smtps://`, port 465).
        case implicitTLS
        /// `STARTTLS`, and the transfer fails when the server does not offer it.
        case requiredSTARTTLS
        /// `STARTTLS` when the server offers it, else plain text.
        case opportunisticSTARTTLS
    }

    /// Why a transfer failed, in libcurl's words.
    struct Failure: Error, Sendable, Equatable {
        /// libcurl's code (`CURLcode`).
        var code: UInt32
        /// The reason, one line.
        var reason: String
        /// Whether the server refused the username and password.
        var loginDenied: Bool { code == CURLE_LOGIN_DENIED.rawValue }
    }

    /// `smtps://host:465` or `smtp://host:port`.
    var url: String
    var security: Security
    /// The login, when the server needs one.
    var username: String?
    var password: String?
    /// The envelope sender.
    var from: String
    /// The envelope recipients.
    var recipients: [String]
    /// The message, as sent.
    var message: [UInt8]
    var connectTimeout: Duration
    var timeout: Duration

    /// Loads libcurl (once per process, on the first transfer: an idle daemon never maps it)
    /// and runs `curl_global_init`; nil, or why it failed.
    private static let loadFailure: String? = {
        var error = [CChar](repeating: 0, count: 256)
        guard musicdiff_curl_load(&error, error.count) != 0 else { return nil }
        return String(decoding: error.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }()

    /// Sends the message; gives up (a failure) once `stop` is set.
    func perform(stop: StopFlag) -> Result<Void, Failure> {
        if let reason = Self.loadFailure {
            return .failure(Failure(code: CURLE_FAILED_INIT.rawValue, reason: reason))
        }
        guard let curl = musicdiff_curl_easy_init() else {
            return .failure(Failure(code: CURLE_FAILED_INIT.rawValue, reason: "libcurl did not initialise"))
        }
        defer { musicdiff_curl_easy_cleanup(curl) }
        let size = Int(CURL_ERROR_SIZE) + 1
        let errors = UnsafeMutablePointer<CChar>.allocate(capacity: size)
        errors.initialize(repeating: 0, count: size)
        defer { errors.deallocate() }
        var list: UnsafeMutablePointer<curl_slist>?
        for recipient in recipients { list = musicdiff_curl_slist_append(list, "<\(recipient)>") }
        defer { musicdiff_curl_slist_free_all(list) }
        let source = UploadSource(message)
        let code = withExtendedLifetime((source, stop)) {
            let set = configure(
                curl,
                errors: errors,
                recipients: list,
                source: Unmanaged.passUnretained(source).toOpaque(),
                stop: Unmanaged.passUnretained(stop).toOpaque()
            )
            return set == CURLE_OK ? musicdiff_curl_easy_perform(curl) : set
        }
        guard code != CURLE_OK else { return .success(()) }
        if stop.isSet { return .failure(Failure(code: code.rawValue, reason: "cancelled")) }
        let detail = String(cString: errors).trimmingCharacters(in: .whitespacesAndNewlines)
        let summary = String(cString: musicdiff_curl_easy_strerror(code))
        let reason =
            detail.isEmpty ? summary : detail.contains(summary) ? detail : "\(summary) (\(detail))"
        return .failure(
            Failure(code: code.rawValue, reason: reason.replacingOccurrences(of: "\n", with: " "))
        )
    }

    /// Sets every option of the transfer; the first failing `curl_easy_setopt` code, or `CURLE_OK`.
    private func configure(
        _ curl: UnsafeMutableRawPointer,
        errors: UnsafeMutablePointer<CChar>,
        recipients: UnsafeMutablePointer<curl_slist>?,
        source: UnsafeMutableRawPointer,
        stop: UnsafeMutableRawPointer
    ) -> CURLcode {
        let useSSL = security == .opportunisticSTARTTLS ? CURLUSESSL_TRY : CURLUSESSL_ALL
        var codes = [
            musicdiff_curl_set_pointer(curl, CURLOPT_ERRORBUFFER, errors),
            musicdiff_curl_set_string(curl, CURLOPT_URL, url),
            musicdiff_curl_set_string(curl, CURLOPT_PROTOCOLS_STR, "smtp,smtps"),
            musicdiff_curl_set_long(curl, CURLOPT_USE_SSL, Int(useSSL.rawValue)),
            musicdiff_curl_set_string(curl, CURLOPT_MAIL_FROM, "<\(from)>"),
            musicdiff_curl_set_pointer(
                curl,
                CURLOPT_MAIL_RCPT,
                recipients.map { UnsafeMutableRawPointer($0) }
            ),
            musicdiff_curl_set_long(curl, CURLOPT_UPLOAD, 1),
            musicdiff_curl_set_read_function(curl) { buffer, size, count, data in
                Unmanaged<UploadSource>.fromOpaque(data!).takeUnretainedValue().read(
                    into: buffer,
                    max: size * count
                )
            },
            musicdiff_curl_set_pointer(curl, CURLOPT_READDATA, source),
            musicdiff_curl_set_progress_function(curl) { data, _, _, _, _ in
                Unmanaged<StopFlag>.fromOpaque(data!).takeUnretainedValue().isSet ? 1 : 0
            },
            musicdiff_curl_set_pointer(curl, CURLOPT_XFERINFODATA, stop),
            musicdiff_curl_set_long(curl, CURLOPT_CONNECTTIMEOUT_MS, Self.milliseconds(connectTimeout)),
            musicdiff_curl_set_long(curl, CURLOPT_TIMEOUT_MS, Self.milliseconds(timeout)),
            musicdiff_curl_set_long(curl, CURLOPT_NOSIGNAL, 1),
        ]
        if let username, let password {
            codes.append(musicdiff_curl_set_string(curl, CURLOPT_USERNAME, username))
            codes.append(musicdiff_curl_set_string(curl, CURLOPT_PASSWORD, password))
        }
        return codes.first { $0 != CURLE_OK } ?? CURLE_OK
    }

    private static func milliseconds(_ duration: Duration) -> Int {
        max(Int(duration / .milliseconds(1)), 1)
    }
}

/// The message libcurl reads from, in chunks, through `CURLOPT_READFUNCTION`.
private final class UploadSource {
    private let bytes: [UInt8]
    private var offset = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    /// Copies up to `max` bytes into `buffer`; 0 at the end.
    func read(into buffer: UnsafeMutablePointer<CChar>?, max: Int) -> Int {
        let count = min(max, bytes.count - offset)
        guard let buffer, count > 0 else { return 0 }
        bytes.withUnsafeBufferPointer { all in
            UnsafeMutableRawPointer(buffer).copyMemory(from: all.baseAddress! + offset, byteCount: count)
        }
        offset += count
        return count
    }
}
