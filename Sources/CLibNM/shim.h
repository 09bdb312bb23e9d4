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
        NM_CLIENT_DBUS_CONNECTION, connection, NULL);
}
#endif
