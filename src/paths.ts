// Where the project's data folders are, whether this runs from src/ (tests,
// tsx in development) or from the compiled dist/src/ (npm start).
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const parent = dirname(here);

/** The project's root folder: the one holding package.json, prompts/ and models/. */
export const PROJECT_ROOT = basename(parent) === 'dist' ? dirname(parent) : parent;

/** The shipped, clinic-editable content. */
export const PROMPTS_DIR = join(PROJECT_ROOT, 'prompts');
