#include <fftw3.h>
// fftwf_version is an incomplete C array, which Swift cannot import.
static inline const char *spec_fftwf_version(void) { return fftwf_version; }
