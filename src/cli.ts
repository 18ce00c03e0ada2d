import { compileEngineEarly } from './framework/early-engine.js';
import { showSplashEarly } from './framework/early-splash.js';

// Before the rest of accessctl is loaded (a tenth of a second on a busy core): the console's first
// screen, and the embedded database's engine compiling on background threads meanwhile.
const argv = process.argv.slice(2);
showSplashEarly(argv, process.env);
compileEngineEarly(argv, process.env);
const { main } = await import('./main.js');
await main();
