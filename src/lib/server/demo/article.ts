import source from '../../import/fixtures/heilongjiang-daily-2023-07-02.zh.txt?raw';
import translation from '../../import/fixtures/heilongjiang-daily-2023-07-02.en-mt.txt?raw';
import type { DemoArticle } from './demo';

// Bundled into the app by Vite; the CLI (under tsx) reads the same files from disk instead.
export const demoArticle: DemoArticle = { source, translation };
