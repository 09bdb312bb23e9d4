// libnm (NetworkManager's client library) for Swift.
#ifndef MUSICDIFF_CLIBNM_SHIM_H
#define MUSICDIFF_CLIBNM_SHIM_H
#include <NetworkManager.h>

/// Starts creating an NMClient on `connection` (rather than libnm's own lookup of the system
/// bus): `g_async_initable_new_async` is variadic, so Swift cannot call it. Finish with
/// `nm_client_new_finish`.
static inline void musicdiff_nm_client_new_async(
    GDBusConnection *connection, GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data)
{
    g_async_initable_new_async(
        NM_TYPE_CLIENT, G_PRIORITY_DEFAULT, cancellable, callback, user_data,
        NM_CLIENT_DBUS_CONNECTION, connection,
        // The permissions (a GetPermissions call, with polkit checks behind it) are never
        // read here: not fetching them saves a round trip on every start.
        NM_CLIENT_INSTANCE_FLAGS, (guint) NM_CLIENT_INSTANCE_FLAGS_NO_AUTO_FETCH_PERMISSIONS, NULL);
}
#endif
