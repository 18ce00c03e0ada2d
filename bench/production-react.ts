// Imported first by bench/console.ts: React and Ink load as the shipped bundle has them, in their
// production builds (the bundle defines NODE_ENV=production), not the development builds' checks.
process.env.NODE_ENV = 'production';
