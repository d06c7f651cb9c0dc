import { config } from 'zod';

// The page's CSP forbids eval: zod must not probe for it (its `Function('')` test is reported
// as a CSP violation, which would hide a real one). Imported first by main.tsx, before any module
// that builds or runs a schema.
config({ jitless: true });
