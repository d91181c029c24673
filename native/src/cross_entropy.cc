// The softmax cross-entropy of each row of logits and its gradient with respect to them in one pass,
// with the arithmetic of lib/losses/cross-entropy.ts (crossEntropyAndLogitGradient): as tfjs ops that
// head is about 23 kernels a call, half of the kernels of an MLP PGD step.
#include <cmath>

#include "kernels.h"

namespace onednn_kernels {

void CrossEntropyHead(int64_t rows, int64_t classes, const float* logits, const float* one_hot, float* value,
                      float* d_logits) {
  for (int64_t r = 0; r < rows; ++r) {
    const float* z = logits + r * classes;
    const float* y = one_hot + r * classes;
    float* d = d_logits + r * classes;
    // The first largest logit (tf.argMax's tie rule) is the top class; its exponential is left out.
    int64_t top = 0;
    for (int64_t i = 1; i < classes; ++i) {
      if (z[i] > z[top]) top = i;
    }
    const float m = z[top];
    double others = 0;
    double labelled = 0;
    for (int64_t i = 0; i < classes; ++i) {
      d[i] = i == top ? 0.0f : std::exp(z[i] - m);
      others += d[i];
      labelled += z[i] * y[i];
    }
    const float s = static_cast<float>(others);
    // m + log(1 + Σ others) − z_y: log1p keeps the digits of a tiny loss as softplus(log Σ) does.
    value[r] = (m - static_cast<float>(labelled)) + static_cast<float>(std::log1p(static_cast<double>(s)));
    // softmax − onehot(y), the top class's softmax written as 1 − Σ others / (1 + Σ others).
    const float denominator = s + 1.0f;
    for (int64_t i = 0; i < classes; ++i) {
      const float is_top = i == top ? 1.0f : 0.0f;
      d[i] = (d[i] - is_top * s) / denominator + (is_top - y[i]);
    }
  }
}

}  // namespace onednn_kernels
