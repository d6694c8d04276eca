// Generated at build and test time from simd-kernels.wat (scripts/simd-kernels-wasm.mjs).
/** The kernels compiled to import a shared memory (the threaded backend's), base64. */
export declare const sharedMemoryKernels: string;
/** The same importing an unshared memory (the single-threaded backends'), base64. */
export declare const plainMemoryKernels: string;
