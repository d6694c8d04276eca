// The wasm backend's ES module imports Node built-ins for its Node path; in the browser
// that path never runs, so the test server answers those imports with this empty module.
export default {};
