// A worker whose script loads and runs but never answers (it exposes nothing), as a
// script that hangs while it loads: WorkerConnection's tests give up on it in time.
export {};
