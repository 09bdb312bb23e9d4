// libupower-glib (UPower's client library) for Swift.
#ifndef MUSICDIFF_CUPOWER_SHIM_H
#define MUSICDIFF_CUPOWER_SHIM_H
#include <upower.h>

/// Reads an UpDevice's percentage, state and presence: `g_object_get` is variadic, so Swift
/// cannot call it.
static inline void musicdiff_up_device_read(
    UpDevice *device, gdouble *percentage, guint *state, gboolean *is_present)
{
    g_object_get(device, "percentage", percentage, "state", state, "is-present", is_present, NULL);
}
#endif
