// libupower-glib (UPower's client library) for Swift.
#ifndef MUSICDIFF_CUPOWER_SHIM_H
#define MUSICDIFF_CUPOWER_SHIM_H
#include <upower.h>
#endif
