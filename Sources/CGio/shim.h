// GLib, GObject and GIO (GDBus) for Swift: the main loop thread and the D-Bus calls.
#ifndef MUSICDIFF_CGIO_SHIM_H
#define MUSICDIFF_CGIO_SHIM_H
#include <gio/gio.h>

/// A tuple of strings, such as the `(ss)` arguments of `org.freedesktop.DBus.Properties.Get`.
/// Returns a floating reference, as `g_variant_new` does.
static inline GVariant *musicdiff_variant_string_tuple(const gchar *const *strings, gsize count)
{
    GVariantBuilder builder;
    g_variant_builder_init(&builder, G_VARIANT_TYPE_TUPLE);
    for (gsize i = 0; i < count; i++) {
        g_variant_builder_add(&builder, "s", strings[i]);
    }
    return g_variant_builder_end(&builder);
}

/// Whether `value` is a dictionary with string keys (`a{s*}`), which Swift reads as a map.
static inline gboolean musicdiff_variant_is_string_dict(GVariant *value)
{
    const GVariantType *type = g_variant_get_type(value);
    if (!g_variant_type_is_array(type)) return FALSE;
    const GVariantType *element = g_variant_type_element(type);
    return g_variant_type_is_dict_entry(element)
        && g_variant_type_equal(g_variant_type_key(element), G_VARIANT_TYPE_STRING);
}
#endif
