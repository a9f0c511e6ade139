#pragma once

namespace cmic {

// Hands memory the process has freed back to the operating system. Parsing a large file leaves tens of MiB of
// freed parser temporaries in the allocator's arenas; without this they stay resident. A no-op off glibc.
void releaseFreedMemory();

} // namespace cmic
