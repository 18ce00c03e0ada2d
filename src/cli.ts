import { showSplashEarly } from './framework/early-splash.js';

// The console's first screen comes before the rest of accessctl is loaded (a tenth of a second on a busy core).
showSplashEarly(process.argv.slice(2), process.env);
const { main } = await import('./main.js');
await main();
