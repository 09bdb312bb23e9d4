#include "ccurl.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>

static struct {
    CURLcode (*global_init)(long flags);
    CURL *(*easy_init)(void);
    void (*easy_cleanup)(CURL *curl);
    CURLcode (*easy_perform)(CURL *curl);
    const char *(*easy_strerror)(CURLcode code);
    CURLcode (*easy_setopt)(CURL *curl, CURLoption option, ...);
    struct curl_slist *(*slist_append)(struct curl_slist *list, const char *string);
    void (*slist_free_all)(struct curl_slist *list);
} api;

static pthread_once_t once = PTHREAD_ONCE_INIT;
static char load_error[256];

static void load(void)
{
    // Never closed: libcurl's TLS libraries register exit handlers.
    void *library = dlopen("libcurl.so.4", RTLD_NOW | RTLD_LOCAL);
    if (library == NULL) {
        snprintf(load_error, sizeof load_error, "cannot load libcurl: %s", dlerror());
        return;
    }
#define RESOLVE(field, name)                                                                 \
    if ((*(void **)&api.field = dlsym(library, name)) == NULL) {                             \
        snprintf(load_error, sizeof load_error, "libcurl.so.4 has no %s", name);             \
        return;                                                                              \
    }
    RESOLVE(global_init, "curl_global_init")
    RESOLVE(easy_init, "curl_easy_init")
    RESOLVE(easy_cleanup, "curl_easy_cleanup")
    RESOLVE(easy_perform, "curl_easy_perform")
    RESOLVE(easy_strerror, "curl_easy_strerror")
    RESOLVE(easy_setopt, "curl_easy_setopt")
    RESOLVE(slist_append, "curl_slist_append")
    RESOLVE(slist_free_all, "curl_slist_free_all")
#undef RESOLVE
    CURLcode code = api.global_init(CURL_GLOBAL_DEFAULT);
    if (code != CURLE_OK) {
        snprintf(load_error, sizeof load_error, "curl_global_init failed: %s", api.easy_strerror(code));
    }
}

int musicdiff_curl_load(char *error, size_t size)
{
    pthread_once(&once, load);
    if (load_error[0] == '\0') return 0;
    snprintf(error, size, "%s", load_error);
    return -1;
}

CURL *musicdiff_curl_easy_init(void) { return api.easy_init(); }
void musicdiff_curl_easy_cleanup(CURL *curl) { api.easy_cleanup(curl); }
CURLcode musicdiff_curl_easy_perform(CURL *curl) { return api.easy_perform(curl); }
const char *musicdiff_curl_easy_strerror(CURLcode code) { return api.easy_strerror(code); }

struct curl_slist *musicdiff_curl_slist_append(struct curl_slist *list, const char *string)
{
    return api.slist_append(list, string);
}

void musicdiff_curl_slist_free_all(struct curl_slist *list) { api.slist_free_all(list); }

CURLcode musicdiff_curl_set_long(CURL *curl, CURLoption option, long value)
{
    return api.easy_setopt(curl, option, value);
}

CURLcode musicdiff_curl_set_string(CURL *curl, CURLoption option, const char *value)
{
    return api.easy_setopt(curl, option, value);
}

CURLcode musicdiff_curl_set_pointer(CURL *curl, CURLoption option, void *value)
{
    return api.easy_setopt(curl, option, value);
}

CURLcode musicdiff_curl_set_read_function(CURL *curl, curl_read_callback callback)
{
    return api.easy_setopt(curl, CURLOPT_READFUNCTION, callback);
}

CURLcode musicdiff_curl_set_progress_function(CURL *curl, curl_xferinfo_callback callback)
{
    CURLcode code = api.easy_setopt(curl, CURLOPT_XFERINFOFUNCTION, callback);
    return code != CURLE_OK ? code : api.easy_setopt(curl, CURLOPT_NOPROGRESS, 0L);
}
