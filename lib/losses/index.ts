export { crossEntropy, meanCrossEntropy, crossEntropyFromOneHot, oneHotLabels, assertLabelShape, assertLabelValues } from "./cross-entropy";
export { dlrLoss, dlrLossFromOneHot } from "./dlr";
export * from "./adversarial-linear";
export * from "./signed-examples";
