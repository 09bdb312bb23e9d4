import CGio

/// A D-Bus failure, in GLib's words.
struct BusError: Error, Equatable {
    /// The GError's message.
    let message: String
}

extension SystemBus {
    /// A GVariant as a Swift value (variants unwrapped, string-keyed dictionaries as maps).
    static func value(of variant: OpaquePointer) -> BusValue {
        switch g_variant_classify(variant) {
        case G_VARIANT_CLASS_BOOLEAN: return .bool(g_variant_get_boolean(variant) != 0)
        case G_VARIANT_CLASS_BYTE: return .uint(UInt64(g_variant_get_byte(variant)))
        case G_VARIANT_CLASS_UINT16: return .uint(UInt64(g_variant_get_uint16(variant)))
        case G_VARIANT_CLASS_UINT32: return .uint(UInt64(g_variant_get_uint32(variant)))
        case G_VARIANT_CLASS_UINT64: return .uint(UInt64(g_variant_get_uint64(variant)))
        case G_VARIANT_CLASS_INT16: return .int(Int64(g_variant_get_int16(variant)))
        case G_VARIANT_CLASS_INT32: return .int(Int64(g_variant_get_int32(variant)))
        case G_VARIANT_CLASS_INT64: return .int(Int64(g_variant_get_int64(variant)))
        case G_VARIANT_CLASS_HANDLE: return .int(Int64(g_variant_get_handle(variant)))
        case G_VARIANT_CLASS_DOUBLE: return .double(g_variant_get_double(variant))
        case G_VARIANT_CLASS_STRING, G_VARIANT_CLASS_OBJECT_PATH, G_VARIANT_CLASS_SIGNATURE:
            return .string(cString(g_variant_get_string(variant, nil)))
        case G_VARIANT_CLASS_VARIANT:
            let inner = g_variant_get_variant(variant)!
            defer { g_variant_unref(inner) }
            return value(of: inner)
        case G_VARIANT_CLASS_ARRAY where musicdiff_variant_is_string_dict(variant) != 0:
            var entries: [String: BusValue] = [:]
            for entry in children(of: variant) {
                if let key = entry[0]?.string, let value = entry[1] { entries[key] = value }
            }
            return .dict(entries)
        case G_VARIANT_CLASS_ARRAY, G_VARIANT_CLASS_MAYBE: return .array(children(of: variant))
        default: return .tuple(children(of: variant))
        }
    }

    /// The children of a container GVariant, as Swift values.
    private static func children(of variant: OpaquePointer) -> [BusValue] {
        (0..<g_variant_n_children(variant)).map { index in
            let child = g_variant_get_child_value(variant, index)!
            defer { g_variant_unref(child) }
            return value(of: child)
        }
    }
}

/// A C string as Swift, empty when NULL.
func cString(_ pointer: UnsafePointer<gchar>?) -> String {
    pointer.map { String(cString: $0) } ?? ""
}

/// The GError's message as a ``BusError``, freeing the GError.
func take(_ error: UnsafeMutablePointer<GError>?) -> BusError? {
    GLibError(taking: error).map { BusError(message: $0.message) }
}
