/*
 * A stand-in for CUDA 13's libcublas.so.13, for CublasForwarderTest: a few cuBLAS functions on the host, enough to
 * see that nndl4j's libcublas.so.12 forwarder passes calls on with every argument intact, including the eight of
 * cublasSgemm_v2 that go on the stack. "Device" pointers here are host addresses. Built by the test with the
 * soname libcublas.so.13.
 */
typedef struct fake_handle *cublasHandle_t;

struct fake_handle {
    int unused;
};

static struct fake_handle the_handle;

enum { SUCCESS = 0, INVALID_VALUE = 7 };

int cublasCreate_v2(cublasHandle_t *handle) {
    *handle = &the_handle;
    return SUCCESS;
}

int cublasDestroy_v2(cublasHandle_t handle) {
    return handle == &the_handle ? SUCCESS : INVALID_VALUE;
}

/* cuBLAS 13.0.2, as CUBLAS_VERSION writes it */
int cublasGetVersion_v2(cublasHandle_t handle, int *version) {
    *version = 13 * 10000 + 0 * 100 + 2;
    return handle == &the_handle ? SUCCESS : INVALID_VALUE;
}

/* C = alpha op(A) op(B) + beta C, column-major; op 0 is N, 1 is T, as cublasOperation_t. */
int cublasSgemm_v2(cublasHandle_t handle, int transa, int transb, int m, int n, int k, const float *alpha,
                   const float *a, int lda, const float *b, int ldb, const float *beta, float *c, int ldc) {
    if (handle != &the_handle) {
        return INVALID_VALUE;
    }
    for (int j = 0; j < n; j++) {
        for (int i = 0; i < m; i++) {
            float sum = 0;
            for (int l = 0; l < k; l++) {
                float x = transa ? a[l + i * lda] : a[i + l * lda];
                float y = transb ? b[j + l * ldb] : b[l + j * ldb];
                sum += x * y;
            }
            c[i + j * ldc] = *alpha * sum + *beta * c[i + j * ldc];
        }
    }
    return SUCCESS;
}
