// The activation functions f and their derivatives, shared by the kernels that apply them
// (add_bias_activate.cu, multiply_activation_derivative.cu). The codes are nndl4j.backend.Activation.code().
#ifndef NNDL4J_ACTIVATIONS_CUH
#define NNDL4J_ACTIVATIONS_CUH

#define ACTIVATION_SIGMOID 0
#define ACTIVATION_TANH 1
#define ACTIVATION_RELU 2
#define ACTIVATION_LINEAR 3

// f(z). ReLU passes NaN on (fmaxf would turn it into 0), so a diverged network still shows NaN.
static __device__ float activate(int f, float z)
{
    switch (f) {
    case ACTIVATION_SIGMOID:
        return 1.0f / (1.0f + expf(-z));
    case ACTIVATION_TANH:
        return tanhf(z);
    case ACTIVATION_RELU:
        return z < 0.0f ? 0.0f : z;
    default:
        return z;
    }
}

// f'(z) where a = f(z): sigmoid and tanh from a, ReLU from z (1 at z = 0, as Theano's maximum gives).
static __device__ float activation_derivative(int f, float z, float a)
{
    switch (f) {
    case ACTIVATION_SIGMOID:
        return a * (1.0f - a);
    case ACTIVATION_TANH:
        return 1.0f - a * a;
    case ACTIVATION_RELU:
        return z >= 0.0f ? 1.0f : 0.0f;
    default:
        return 1.0f;
    }
}

#endif
