// libnm (NetworkManager's client library) for Swift.
#ifndef MUSICDIFF_CLIBNM_SHIM_H
#define MUSICDIFF_CLIBNM_SHIM_H
#include <NetworkManager.h>
#endif
