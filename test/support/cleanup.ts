import { afterAll } from 'vitest';
import { removeTempFolders } from './temp-folders.js';

// A setup file: after each test file, its temporary databases go.
afterAll(removeTempFolders);
