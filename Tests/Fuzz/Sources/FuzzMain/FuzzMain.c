// The entry point of each fuzz target. SwiftPM links an executable target of a package of tools
// version 5.5 or later with `main` defined as `TARGET_main` (so that tests could link it), and
// a fuzz target, parsed as a library, has no main of its own: each `TARGET_main` here runs
// libFuzzer's driver on the target's `LLVMFuzzerTestOneInput`, as libFuzzer's own `main` does.
#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*test)(const uint8_t *data, size_t size));

#define FUZZ_MAIN(target) \
    int target##_main(int argc, char **argv) { \
        return LLVMFuzzerRunDriver(&argc, &argv, LLVMFuzzerTestOneInput); \
    }

FUZZ_MAIN(FuzzPolicy)
FUZZ_MAIN(FuzzConfig)
FUZZ_MAIN(FuzzCron)
FUZZ_MAIN(FuzzDuration)
FUZZ_MAIN(FuzzTimeWindow)
FUZZ_MAIN(FuzzSyncSummary)
FUZZ_MAIN(FuzzReadingsReply)
FUZZ_MAIN(FuzzStoreRow)
