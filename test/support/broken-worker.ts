// A worker whose script throws as it runs: it loaded, so it is not tried again.
export {};
throw new Error('broken as it starts');
