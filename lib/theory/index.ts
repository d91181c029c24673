// The float64 theory layer (paper-spec §3): closed-form constants, the quadratic–linear toy, 1-D local
// entropy by quadrature and a Langevin estimate of its gradient. Pure TypeScript on numbers and
// Float64Array (no tfjs), used by the theory notebooks and as oracles by the tests.
export * from "./bounds";
export * from "./toy-quad-linear";
export * from "./attack-sweep";
export * from "./finite-differences";
export * from "./toy-studies";
export * from "./local-entropy-1d";
export * from "./langevin";
export * from "./local-entropy-2d";
