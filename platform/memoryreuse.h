// How the process hands memory back to the system. Flags, coverage and the caseload's load build
// arrays of megabytes and free them when done; glibc's defaults give such memory back at once
// (large blocks are mapped and unmapped one by one; the top of the heap is trimmed past 128 KiB),
// so every computation faulted its pages in afresh: on a 5k-child caseload, flags took 33 ms, and
// 10 ms once the memory was kept (bench/analysis.md). Called first thing in main().
#pragma once

namespace doorstep::platform {

// Blocks under 32 MiB come from the heap, and up to 64 MiB freed at its top is kept for the next
// computation instead of given back. A no-op where the C library is not glibc.
void keepFreedMemoryForReuse();

} // namespace doorstep::platform
