import { migrationsFromModules } from './migrate';

// Vite bundles the migrations into the build; Node 20 cannot import() .ts files at run time.
export const bundledMigrations = migrationsFromModules(import.meta.glob('/migrations/*.ts', { eager: true }));
