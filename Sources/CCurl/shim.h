// libcurl for Swift: the SMTP transfer of the conflict e-mail. `curl_easy_setopt` is variadic,
// which Swift cannot call, so each kind of option value gets a small typed wrapper.
#ifndef MUSICDIFF_CCURL_SHIM_H
#define MUSICDIFF_CCURL_SHIM_H
#include <curl/curl.h>

/// Sets a `long` option (`CURLOPTTYPE_LONG`, including the enum-valued ones).
static inline CURLcode musicdiff_curl_set_long(CURL *curl, CURLoption option, long value)
{
    return curl_easy_setopt(curl, option, value);
}

/// Sets a string option (`CURLOPTTYPE_STRINGPOINT`); libcurl copies the string.
static inline CURLcode musicdiff_curl_set_string(CURL *curl, CURLoption option, const char *value)
{
    return curl_easy_setopt(curl, option, value);
}

/// Sets a pointer option (`CURLOPTTYPE_OBJECTPOINT`, `CURLOPTTYPE_SLISTPOINT`, `CURLOPTTYPE_CBPOINT`):
/// a buffer, a list or callback data, which must outlive the transfer.
static inline CURLcode musicdiff_curl_set_pointer(CURL *curl, CURLoption option, void *value)
{
    return curl_easy_setopt(curl, option, value);
}

/// Sets `CURLOPT_READFUNCTION`: where the upload (the message) is read from.
static inline CURLcode musicdiff_curl_set_read_function(CURL *curl, curl_read_callback callback)
{
    return curl_easy_setopt(curl, CURLOPT_READFUNCTION, callback);
}

/// Sets `CURLOPT_XFERINFOFUNCTION` and turns progress calls on: a non-zero return aborts.
static inline CURLcode musicdiff_curl_set_progress_function(CURL *curl, curl_xferinfo_callback callback)
{
    CURLcode code = curl_easy_setopt(curl, CURLOPT_XFERINFOFUNCTION, callback);
    return code != CURLE_OK ? code : curl_easy_setopt(curl, CURLOPT_NOPROGRESS, 0L);
}
#endif
