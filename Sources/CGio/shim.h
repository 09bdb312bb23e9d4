// GLib, GObject and GIO (GDBus) for Swift: the main loop thread and the logind client.
#ifndef MUSICDIFF_CGIO_SHIM_H
#define MUSICDIFF_CGIO_SHIM_H
#include <gio/gio.h>
#endif
