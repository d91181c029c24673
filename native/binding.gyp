# N-API addon: GEMM, convolution, max- and average-pool, reduction, softplus, update-step and cross-entropy
# kernels on oneDNN's dnnl_sgemm, run in place on the tensors of tfjs's wasm backend (lib/kernels/native/).
# Built offline by scripts/build-native.sh.
{
  "targets": [
    {
      "target_name": "onednn_kernels",
      "sources": [
        "src/addon.cc",
        "src/gemm.cc",
        "src/threads.cc",
        "src/im2col.cc",
        "src/matmul.cc",
        "src/conv2d.cc",
        "src/dnnl_conv.cc",
        "src/max_pool.cc",
        "src/avg_pool.cc",
        "src/elementwise.cc",
        "src/reduce.cc",
        "src/steps.cc",
        "src/cross_entropy.cc"
      ],
      "dependencies": ["<!(node -p \"require('node-addon-api').targets\"):node_addon_api_except"],
      "defines": ["NAPI_VERSION=8"],
      "cflags_cc": ["-O3", "-std=c++17", "-fopenmp"],
      "cflags_cc!": ["-std=gnu++17"],
      "libraries": ["-ldnnl", "-fopenmp"]
    }
  ]
}
