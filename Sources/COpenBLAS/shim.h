#include <cblas.h>
// OpenBLAS reads OPENBLAS_NUM_THREADS only at load time; these change it later.
void openblas_set_num_threads(int num_threads);
int openblas_get_num_threads(void);
