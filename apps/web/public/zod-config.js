// The page's CSP forbids eval: zod must not probe for it (its `Function('')` test is reported as a
// CSP violation, which would hide a real one). zod reads its settings from
// `globalThis.__zod_globalConfig` when it loads, so they are set here, in a classic script that runs
// before the app's modules: set from a module, they would come after the shared chunks the entry
// imports, one of which builds and runs schemas as it loads.
globalThis.__zod_globalConfig = Object.assign({}, globalThis.__zod_globalConfig, { jitless: true });
