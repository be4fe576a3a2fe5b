#include "memoryreuse.h"

// Included before the test for glibc: __GLIBC__ is defined by the C library's own headers.
#if __has_include(<malloc.h>)
#include <malloc.h>
#endif

namespace doorstep::platform {

void keepFreedMemoryForReuse()
{
#if defined(__GLIBC__) && defined(M_MMAP_THRESHOLD) && defined(M_TRIM_THRESHOLD)
    // Setting either also stops glibc moving both by itself (its dynamic threshold), so both are set.
    mallopt(M_MMAP_THRESHOLD, 32 * 1024 * 1024);
    mallopt(M_TRIM_THRESHOLD, 64 * 1024 * 1024);
#endif
}

} // namespace doorstep::platform
