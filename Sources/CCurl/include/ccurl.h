// libcurl for Swift, loaded only when a conflict e-mail is sent: the daemon does not link
// libcurl, so libcurl and what it brings (OpenSSL's libcrypto and libssl, nghttp2, libssh2,
// Kerberos) are not mapped into an idle daemon. `musicdiff_curl_load` dlopens `libcurl.so.4`
// once; every other function here calls through the pointers it resolved. The header gives
// the types and constants only: calling libcurl's own functions directly would not link.
//
// `curl_easy_setopt` is variadic, which Swift cannot call, so each kind of option value gets a
// small typed wrapper.
#ifndef MUSICDIFF_CCURL_H
#define MUSICDIFF_CCURL_H
#include <stddef.h>
#include <curl/curl.h>

/// Loads libcurl and runs `curl_global_init` (once per process; later calls return the first
/// result). 0 on success; otherwise -1 and the reason in `error`.
int musicdiff_curl_load(char *error, size_t size);

CURL *musicdiff_curl_easy_init(void);
void musicdiff_curl_easy_cleanup(CURL *curl);
CURLcode musicdiff_curl_easy_perform(CURL *curl);
const char *musicdiff_curl_easy_strerror(CURLcode code);
struct curl_slist *musicdiff_curl_slist_append(struct curl_slist *list, const char *string);
void musicdiff_curl_slist_free_all(struct curl_slist *list);

/// Sets a `long` option (`CURLOPTTYPE_LONG`, including the enum-valued ones).
CURLcode musicdiff_curl_set_long(CURL *curl, CURLoption option, long value);
/// Sets a string option (`CURLOPTTYPE_STRINGPOINT`); libcurl copies the string.
CURLcode musicdiff_curl_set_string(CURL *curl, CURLoption option, const char *value);
/// Sets a pointer option (`CURLOPTTYPE_OBJECTPOINT`, `CURLOPTTYPE_SLISTPOINT`, `CURLOPTTYPE_CBPOINT`):
/// a buffer, a list or callback data, which must outlive the transfer.
CURLcode musicdiff_curl_set_pointer(CURL *curl, CURLoption option, void *value);
/// Sets `CURLOPT_READFUNCTION`: where the upload (the message) is read from.
CURLcode musicdiff_curl_set_read_function(CURL *curl, curl_read_callback callback);
/// Sets `CURLOPT_XFERINFOFUNCTION` and turns progress calls on: a non-zero return aborts.
CURLcode musicdiff_curl_set_progress_function(CURL *curl, curl_xferinfo_callback callback);
#endif
